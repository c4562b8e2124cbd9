using Coordination.BuildingBlocks.Aid;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Donors.Data;
using Coordination.Donors.Domain;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Matching;

/// <summary>
/// Runs the matcher over the database: the valid pledges of active enterprises, the open needs and
/// the aid each household received; stores the allocations in one transaction. Two runs at once
/// cannot both spend the same units: pledges carry a version, and (pledge, need) is unique.
/// </summary>
public sealed class MatchingRun(DonorsDbContext db, TimeProvider time, BenefitCatalogue catalogue)
{
    public sealed record Result(IReadOnlyList<Allocation> Allocations, IReadOnlyList<Refusal> Refusals, int OpenNeeds, int PledgesConsidered);

    /// <param name="scope">
    /// A coordinator's: only the needs (and stale allocations) of its regions are matched (cancelled);
    /// null for the schedule, which acts for the system and serves every region.
    /// </param>
    public async Task<Result> RunAsync(CancellationToken ct, RegionScope? scope = null)
    {
        var now = time.GetUtcDateTime();
        var today = DateOnly.FromDateTime(now);
        await CancelAllocationsOfClosedNeedsAsync(now, scope, ct);
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => e.Status == EnterpriseStatus.Active).ToListAsync(ct);
        var activeIds = enterprises.Select(e => e.Id).ToList();
        var pledges = await db.Pledges
            .Where(p => activeIds.Contains(p.EnterpriseId) && p.Remaining > 0 && p.ValidFrom <= today && p.ValidUntil >= today)
            .ToListAsync(ct);
        var open = db.Needs.AsNoTracking().Where(n => n.ClosedAt == null);
        var needs = await (scope is null ? open : scope.Filter(open, n => n.RegionCode)).ToListAsync(ct);
        var pledgeIds = pledges.Select(p => p.Id).ToList();
        var existing = await db.Allocations.AsNoTracking()
            .Where(a => pledgeIds.Contains(a.PledgeId) && a.Status != AllocationStatus.Cancelled).ToListAsync(ct);

        var context = new MatchingContext(await AidReceivedAsync(ct), existing,
            enterprises.ToDictionary(e => e.Id, e => (IReadOnlySet<string>)e.PairedVillageCodes.ToHashSet()), today, now,
            await HeldBenefitsAsync(ct), catalogue);
        var (allocations, refusals) = Matcher.Run(pledges, needs, context);
        db.Allocations.AddRange(allocations);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // DbUpdateConcurrencyException (a pledge's version) or the (pledge, need) index.
            throw new ConcurrencyConflictException("Another matching run or a closing need changed the pledges meanwhile; run again.");
        }
        return new Result(allocations, refusals, needs.Count, pledges.Count);
    }

    /// <summary>
    /// A NeedClosed that committed while a run was allocating found nothing to cancel; the next run
    /// (and delivery) puts that right: the allocation is cancelled and its units go back to the pledge.
    /// </summary>
    private async Task CancelAllocationsOfClosedNeedsAsync(DateTime now, RegionScope? scope, CancellationToken ct)
    {
        var query = db.Allocations
            .Where(a => a.Status == AllocationStatus.Allocated && db.Needs.Any(n => n.Id == a.NeedId && n.ClosedAt != null));
        var stale = await (scope is null ? query : scope.Filter(query, a => a.RegionCode)).ToListAsync(ct);
        if (stale.Count == 0) return;
        var pledgeIds = stale.Select(a => a.PledgeId).Distinct().ToList();
        var pledges = await db.Pledges.Where(p => pledgeIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        foreach (var allocation in stale)
            if (allocation.CancelIfUndelivered(now)) pledges[allocation.PledgeId].GiveBack(allocation.Quantity);
        await SaveAsync(ct);
    }

    /// <summary>
    /// The benefits held by households that have an open need: the grants of every grantor not revoked
    /// (as the ledger's events told) and this service's allocations not cancelled, delivered or not.
    /// </summary>
    private async Task<List<HeldBenefit>> HeldBenefitsAsync(CancellationToken ct)
    {
        var grants = await db.ReceivedGrants.AsNoTracking()
            .Where(g => g.RevokedAt == null && db.Needs.Any(n => n.ClosedAt == null && n.HouseholdId == g.HouseholdId))
            .Select(g => new { g.GrantId, g.HouseholdId, g.PersonId, g.BenefitTypeCode, g.PeriodStart, g.PeriodEnd, g.GrantorCode })
            .ToListAsync(ct);
        var allocations = await db.Allocations.AsNoTracking()
            .Where(a => a.Status != AllocationStatus.Cancelled && db.Needs.Any(n => n.ClosedAt == null && n.HouseholdId == a.HouseholdId))
            .Select(a => new { a.Id, a.HouseholdId, a.PersonId, a.BenefitTypeCode, a.PeriodStart, a.PeriodEnd })
            .ToListAsync(ct);
        var own = allocations.Select(a => a.Id).ToHashSet();
        return grants.Where(g => !own.Contains(g.GrantId))
            .Select(g => new HeldBenefit(g.HouseholdId, g.PersonId, g.BenefitTypeCode, g.PeriodStart, g.PeriodEnd, $"grantor {g.GrantorCode}"))
            .Concat(allocations.Select(a => new HeldBenefit(a.HouseholdId, a.PersonId, a.BenefitTypeCode, a.PeriodStart, a.PeriodEnd,
                "an enterprise's allocation")))
            .ToList();
    }

    /// <summary>
    /// Per household: the grants of every grantor that are not revoked, and this service's own
    /// allocations not cancelled (which count before delivery, and whose AidGranted is not counted twice).
    /// </summary>
    private async Task<Dictionary<Guid, long>> AidReceivedAsync(CancellationToken ct)
    {
        var granted = await db.ReceivedGrants.AsNoTracking()
            .Where(g => g.RevokedAt == null && !db.Allocations.Any(a => a.Id == g.GrantId))
            .GroupBy(g => g.HouseholdId)
            .Select(g => new { HouseholdId = g.Key, Fen = g.Sum(x => x.ValueFen) })
            .ToListAsync(ct);
        var allocated = await db.Allocations.AsNoTracking()
            .Where(a => a.Status != AllocationStatus.Cancelled)
            .GroupBy(a => a.HouseholdId)
            .Select(g => new { HouseholdId = g.Key, Fen = g.Sum(x => x.ValueFen) })
            .ToListAsync(ct);
        var total = granted.ToDictionary(g => g.HouseholdId, g => g.Fen);
        foreach (var a in allocated) total[a.HouseholdId] = total.GetValueOrDefault(a.HouseholdId) + a.Fen;
        return total;
    }

    /// <summary>The help reached the household: the allocation becomes an AidGranted of the enterprise, once.</summary>
    public async Task<Allocation> DeliverAsync(string allocationId, CancellationToken ct)
    {
        if (!Guid.TryParse(allocationId, out var id)) throw new ValidationException("allocation_id", "must be an id (a UUID)");
        var allocation = await db.Allocations.SingleOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("Allocation", allocationId);
        var now = time.GetUtcDateTime();
        if (allocation.Status == AllocationStatus.Allocated
            && await db.Needs.AnyAsync(n => n.Id == allocation.NeedId && n.ClosedAt != null, ct))
        {
            // The need closed while a matching run was allocating it (the close found nothing to cancel):
            // cancel now, give the units back, and say so.
            allocation.CancelIfUndelivered(now);
            (await db.Pledges.SingleAsync(p => p.Id == allocation.PledgeId, ct)).GiveBack(allocation.Quantity);
            await SaveAsync(ct);
            throw new RuleViolationException("allocation.need-closed",
                "The household's need closed before delivery; the allocation is cancelled and its units went back to the pledge.");
        }
        if (!allocation.Deliver(now)) return allocation;

        var pledge = await db.Pledges.AsNoTracking().SingleAsync(p => p.Id == allocation.PledgeId, ct);
        var enterprise = await db.Enterprises.AsNoTracking().SingleAsync(e => e.Id == allocation.EnterpriseId, ct);
        // A benefit judged by period (exclusive) covers the period the rule was judged on; a one-off
        // gift is dated the day it is delivered, so the ledger counts it in that year.
        var day = DateOnly.FromDateTime(now);
        var byPeriod = catalogue.TryGetRule(allocation.BenefitTypeCode, out var rule) && rule == BenefitRule.Exclusive;
        db.AddIntegrationEvent(new AidGranted(
            allocation.Id, allocation.HouseholdId, allocation.PersonId,
            new Grantor(GrantorKind.Enterprise, enterprise.CreditCode, enterprise.Name),
            Programme: pledge.Title.Length > 0 ? $"万企帮万村: {pledge.Title}" : "万企帮万村",
            BenefitTypeCode: allocation.BenefitTypeCode,
            AmountFen: pledge.Kind == PledgeKind.Money ? allocation.ValueFen : 0,
            InKindValueFen: pledge.Kind == PledgeKind.Money ? 0 : allocation.ValueFen,
            PeriodStart: byPeriod ? allocation.PeriodStart : day, PeriodEnd: byPeriod ? allocation.PeriodEnd : day, GrantedAt: now));
        await SaveAsync(ct);
        return allocation;
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("The allocation or its pledge changed meanwhile; read it again.");
        }
    }
}
