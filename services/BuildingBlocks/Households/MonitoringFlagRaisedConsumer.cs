using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using MassTransit;

namespace Coordination.BuildingBlocks.Households;

/// <summary>Keeps the directory (see <see cref="HouseholdDirectory.AddHouseholdDirectoryConsumers"/>).</summary>
public sealed class MonitoringFlagRaisedConsumer(ServiceDbContext db) : IConsumer<MonitoringFlagRaised>
{
    public async Task Consume(ConsumeContext<MonitoringFlagRaised> context)
    {
        var m = context.Message;
        var household = await db.FindKnownHouseholdAsync(m.HouseholdId, context.CancellationToken);
        household.SetFlag(m.Category, active: true, m.RaisedAt);
    }
}
