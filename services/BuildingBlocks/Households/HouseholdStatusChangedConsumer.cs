using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using MassTransit;

namespace Coordination.BuildingBlocks.Households;

/// <summary>Keeps the directory (see <see cref="HouseholdDirectory.AddHouseholdDirectoryConsumers"/>).</summary>
public sealed class HouseholdStatusChangedConsumer(ServiceDbContext db) : IConsumer<HouseholdStatusChanged>
{
    public async Task Consume(ConsumeContext<HouseholdStatusChanged> context)
    {
        var m = context.Message;
        var household = await db.FindKnownHouseholdAsync(m.HouseholdId, context.CancellationToken);
        if (household.Version >= m.Version) return;
        household.Status = m.To;
        household.ExitYear = m.To == HouseholdStatus.Exited ? m.ExitYear : household.ExitYear;
        household.Version = m.Version;
        household.UpdatedAt = m.ChangedAt;
    }
}
