using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using MassTransit;

namespace Coordination.BuildingBlocks.Households;

/// <summary>Keeps the directory (see <see cref="HouseholdDirectory.AddHouseholdDirectoryConsumers"/>).</summary>
public sealed class HouseholdsMergedConsumer(ServiceDbContext db) : IConsumer<HouseholdsMerged>
{
    public async Task Consume(ConsumeContext<HouseholdsMerged> context)
    {
        var m = context.Message;
        var household = await db.FindKnownHouseholdAsync(m.MergedHouseholdId, context.CancellationToken);
        household.MergedInto = m.SurvivingHouseholdId;
        household.UpdatedAt = m.MergedAt;
    }
}
