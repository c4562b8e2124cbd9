using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using Coordination.Households.Data;
using Coordination.Households.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Needs;

/// <summary>
/// Brings a household's open needs in line with what the rules find now: a need found and not open
/// is opened (NeedOpened), an open need no longer found is closed (NeedClosed), each once, through
/// the outbox in the caller's transaction. Changes only the scoped DbContext.
/// </summary>
public sealed class NeedEvaluation(HouseholdsDbContext db, TimeProvider time, ILogger<NeedEvaluation> logger)
{
    public async Task<HouseholdSupport> SupportAsync(Guid householdId, CancellationToken ct)
    {
        var support = db.HouseholdSupport.Local.FirstOrDefault(s => s.HouseholdId == householdId)
            ?? await db.HouseholdSupport.Include(s => s.Members).SingleOrDefaultAsync(s => s.HouseholdId == householdId, ct);
        if (support is null)
        {
            support = new HouseholdSupport { HouseholdId = householdId };
            db.HouseholdSupport.Add(support);
        }
        return support;
    }

    public async Task EvaluateAsync(Guid householdId, CancellationToken ct)
    {
        await LedgerLock.AcquireAsync(db, householdId, countsGrant: false, ct);
        var household = await db.Households.Include(h => h.Members).Include(h => h.MonitoringFlags)
            .SingleOrDefaultAsync(h => h.Id == householdId, ct);
        var open = await db.Needs.Where(n => n.HouseholdId == householdId && n.ClosedAt == null).ToListAsync(ct);
        var now = time.GetUtcDateTime();
        if (household is null)
        {
            // Merged away or never registered: whatever was open is nobody's to meet any more.
            foreach (var need in open) Close(need, "The household is no longer in the registry", now);
            return;
        }

        var support = db.HouseholdSupport.Local.FirstOrDefault(s => s.HouseholdId == householdId)
            ?? await db.HouseholdSupport.AsNoTracking().Include(s => s.Members).SingleOrDefaultAsync(s => s.HouseholdId == householdId, ct);
        // The grants a rule looks at; a grant recorded in this transaction is still only tracked.
        var grants = await db.AidGrants.AsNoTracking()
            .Where(g => g.HouseholdId == householdId && !g.Revoked
                && (g.BenefitTypeCode.StartsWith("education.") || g.BenefitTypeCode.StartsWith("medical.") || g.BenefitTypeCode.StartsWith("industry.")))
            .ToListAsync(ct);
        grants.AddRange(db.AidGrants.Local.Where(g => g.HouseholdId == householdId && !g.Revoked && grants.All(x => x.GrantId != g.GrantId)));

        var today = DateOnly.FromDateTime(now);
        var findings = NeedRules.Find(household, support, grants, today);
        var watched = household.InPoverty || household.MonitoringFlags.Any(f => f.Active);
        foreach (var need in open.Where(n => !findings.Any(f => f.Kind == n.Kind && f.PersonId == n.PersonId)))
            Close(need, watched ? ClosedReason(need.Kind) : $"The household is {household.Status} and not monitored", now);
        foreach (var f in findings.Where(f => !open.Any(n => n.Kind == f.Kind && n.PersonId == f.PersonId)))
        {
            var need = new HouseholdNeed
            {
                Id = Guid.CreateVersion7(now),
                HouseholdId = householdId,
                PersonId = f.PersonId,
                RegionCode = household.RegionCode,
                Category = f.Category,
                Kind = f.Kind,
                Severity = f.Severity,
                Reason = f.Reason,
                OpenedAt = now,
            };
            db.Needs.Add(need);
            db.AddIntegrationEvent(new NeedOpened(need.Id, householdId, need.PersonId, need.RegionCode, need.Category, need.Severity, need.Reason, now));
            logger.LogInformation("Need {Kind} opened for household {HouseholdId}: {Reason}", f.Kind, householdId, f.Reason);
        }
    }

    private void Close(HouseholdNeed need, string reason, DateTime now)
    {
        need.ClosedAt = now;
        need.ClosedReason = reason;
        db.AddIntegrationEvent(new NeedClosed(need.Id, need.HouseholdId, reason, now));
        logger.LogInformation("Need {Kind} of household {HouseholdId} closed: {Reason}", need.Kind, need.HouseholdId, reason);
    }

    private static string ClosedReason(string kind) => kind switch
    {
        NeedKinds.EducationAid => "Education aid now covers the child, or the child is no longer of school age",
        NeedKinds.Uninsured => "Every member has basic medical insurance",
        NeedKinds.SeriousIllnessCost => "Aid covers the out-of-pocket cost, or the member is no longer seriously ill",
        NeedKinds.CapitalWithoutProject => "The household takes part in an industry project",
        NeedKinds.UnsafeHousing => "The dwelling is safe",
        _ => "The need is met",
    };
}
