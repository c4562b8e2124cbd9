using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using MassTransit;

namespace Coordination.BuildingBlocks.Households;

/// <summary>Keeps the directory (see <see cref="HouseholdDirectory.AddHouseholdDirectoryConsumers"/>).</summary>
public sealed class HouseholdRegisteredConsumer(ServiceDbContext db) : IConsumer<HouseholdRegistered>
{
    public async Task Consume(ConsumeContext<HouseholdRegistered> context)
    {
        var m = context.Message;
        var household = await db.FindKnownHouseholdAsync(m.HouseholdId, context.CancellationToken);
        if (household.Version >= 1) return; // a later update already arrived
        household.RegionCode = m.RegionCode;
        household.Status = m.Status;
        household.PovertyCauses = [.. m.PovertyCauses];
        household.IncomePerCapitaFen = m.IncomePerCapitaFen;
        household.Housing = m.Housing;
        household.Version = 1;
        household.UpdatedAt = m.RegisteredAt;
        await db.ReplaceMembersAsync(household, m.Members, context.CancellationToken);
    }
}
