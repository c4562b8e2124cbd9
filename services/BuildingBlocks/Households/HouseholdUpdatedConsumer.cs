using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using MassTransit;

namespace Coordination.BuildingBlocks.Households;

/// <summary>Keeps the directory (see <see cref="HouseholdDirectory.AddHouseholdDirectoryConsumers"/>).</summary>
public sealed class HouseholdUpdatedConsumer(ServiceDbContext db) : IConsumer<HouseholdUpdated>
{
    public async Task Consume(ConsumeContext<HouseholdUpdated> context)
    {
        var m = context.Message;
        var household = await db.FindKnownHouseholdAsync(m.HouseholdId, context.CancellationToken);
        if (household.Version >= m.Version) return;
        household.RegionCode = m.RegionCode;
        household.PovertyCauses = [.. m.PovertyCauses];
        household.IncomePerCapitaFen = m.IncomePerCapitaFen;
        household.Housing = m.Housing;
        household.Version = m.Version;
        household.UpdatedAt = m.UpdatedAt;
        await db.ReplaceMembersAsync(household, m.Members, context.CancellationToken);
    }
}
