using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using MassTransit;

namespace Coordination.BuildingBlocks.Households;

/// <summary>Keeps the directory (see <see cref="HouseholdDirectory.AddHouseholdDirectoryConsumers"/>).</summary>
public sealed class MonitoringFlagClearedConsumer(ServiceDbContext db) : IConsumer<MonitoringFlagCleared>
{
    public async Task Consume(ConsumeContext<MonitoringFlagCleared> context)
    {
        var m = context.Message;
        var household = await db.FindKnownHouseholdAsync(m.HouseholdId, context.CancellationToken);
        household.SetFlag(m.Category, active: false, m.ClearedAt);
    }
}
