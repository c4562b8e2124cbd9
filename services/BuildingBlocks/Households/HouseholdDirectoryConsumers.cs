using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Coordination.BuildingBlocks.Households;

// The consumers that keep a department's copy of the registry. The inbox filter commits what they
// change and drops redeliveries; the registry's version makes them safe against events that
// overtake each other (consumers run concurrently).

public sealed class HouseholdRegisteredConsumer(ServiceDbContext db) : IConsumer<HouseholdRegistered>
{
    public async Task Consume(ConsumeContext<HouseholdRegistered> context)
    {
        var m = context.Message;
        var household = await db.FindKnownHouseholdAsync(m.HouseholdId, context.CancellationToken);
        if (household.Version >= 1) return; // a later update already arrived
        household.RegionCode = m.RegionCode;
        household.Status = m.Status;
        household.Version = 1;
        household.UpdatedAt = m.RegisteredAt;
        household.ReplaceMembers(m.Members);
    }
}

public sealed class HouseholdUpdatedConsumer(ServiceDbContext db) : IConsumer<HouseholdUpdated>
{
    public async Task Consume(ConsumeContext<HouseholdUpdated> context)
    {
        var m = context.Message;
        var household = await db.FindKnownHouseholdAsync(m.HouseholdId, context.CancellationToken);
        if (household.Version >= m.Version) return;
        household.RegionCode = m.RegionCode;
        household.Version = m.Version;
        household.UpdatedAt = m.UpdatedAt;
        household.ReplaceMembers(m.Members);
    }
}

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

internal static class KnownHouseholdUpdates
{
    /// <summary>Finds the household, or starts one (version 0) for an event that came first.</summary>
    public static async Task<KnownHousehold> FindKnownHouseholdAsync(this ServiceDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var household = await db.Set<KnownHousehold>().Include(h => h.Members).SingleOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (household is not null) return household;
        household = new KnownHousehold { Id = id };
        db.Set<KnownHousehold>().Add(household);
        return household;
    }

    public static void ReplaceMembers(this KnownHousehold household, IEnumerable<HouseholdMember> members)
    {
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
