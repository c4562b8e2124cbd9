using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Microsoft.EntityFrameworkCore;

namespace Coordination.BuildingBlocks.Households;

internal static class KnownHouseholdUpdates
{
    /// <summary>Finds the household, or starts one (version 0) for an event that came first.</summary>
    public static async Task<KnownHousehold> FindKnownHouseholdAsync(this ServiceDbContext db, Guid id, CancellationToken cancellationToken)
    {
        // One query: a household has a few members and flags, so their join is smaller than a second round trip.
        var household = await db.Set<KnownHousehold>().Include(h => h.Members).Include(h => h.MonitoringFlags).AsSingleQuery()
            .SingleOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (household is not null) return household;
        household = new KnownHousehold { Id = id };
        db.Set<KnownHousehold>().Add(household);
        return household;
    }

    /// <summary>Raises or clears the flag as an event of <paramref name="at"/> says, unless a later event for it was applied.</summary>
    public static void SetFlag(this KnownHousehold household, MonitoringCategory category, bool active, DateTime at)
    {
        var flag = household.MonitoringFlags.SingleOrDefault(f => f.Category == category);
        if (flag is null)
        {
            flag = new KnownMonitoringFlag { HouseholdId = household.Id, Category = category };
            household.MonitoringFlags.Add(flag);
        }
        else if (flag.ChangedAt > at) return;
        (flag.Active, flag.ChangedAt) = (active, at);
    }

    /// <summary>
    /// Replaces the household's members with the registry's. A member that another household held
    /// before (one moved by a merge) leaves that household: a person is in one household.
    /// </summary>
    public static async Task ReplaceMembersAsync(this ServiceDbContext db, KnownHousehold household, IReadOnlyList<HouseholdMember> members, CancellationToken cancellationToken)
    {
        var ids = members.Select(m => m.PersonId).ToList();
        var elsewhere = await db.Set<KnownMember>().Where(m => ids.Contains(m.Id) && m.HouseholdId != household.Id).ToListAsync(cancellationToken);
        db.Set<KnownMember>().RemoveRange(elsewhere);
        household.Members.Clear();
        household.Members.AddRange(members.Select(m => new KnownMember
        {
            Id = m.PersonId,
            HouseholdId = household.Id,
            Relation = m.Relation,
            Sex = m.Sex,
            BirthDate = m.BirthDate,
            Health = m.Health,
            LabourCapacity = m.LabourCapacity,
            SchoolingStage = m.SchoolingStage,
        }));
    }
}
