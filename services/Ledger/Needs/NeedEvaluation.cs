using Coordination.BuildingBlocks.Persistence;
using Coordination.Ledger.Data;
using Coordination.Ledger.Grants;
using Coordination.Contracts.Events;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Ledger.Needs;

/// <summary>
/// Brings a household's open needs in line with what the rules find now: a need found and not open
/// is opened (NeedOpened), an open need no longer found is closed (NeedClosed), each once, through
/// the outbox in the caller's transaction. Changes only the scoped DbContext.
/// </summary>
public sealed class NeedEvaluation(LedgerDbContext db, LedgerLock ledgerLock, TimeProvider time, ILogger<NeedEvaluation> logger)
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

    public Task EvaluateAsync(Guid householdId, CancellationToken ct) => EvaluateAsync([householdId], ct);

    /// <summary>
    /// After a batch of grants: only the open needs one of the grants could meet (<see cref="NeedRules.CanMeet"/>)
    /// change, since a grant never opens a need. A household's dividends and subsidies keep coming long
    /// after its needs are met; evaluating it again for each would cost the ledger most of its ingest
    /// rate. A need a single grant meets outright closes here; only a patient's cost, which aid meets
    /// once it adds up, takes the household's evaluation.
    /// </summary>
    public async Task EvaluateAfterGrantsAsync(IReadOnlyList<AidGranted> grants, CancellationToken ct)
    {
        var now = time.GetUtcDateTime();
        var today = DateOnly.FromDateTime(now);
        // Only the needs of kinds these grants can meet, and only in the households of grants that can
        // meet one: a donation or a dividend to a household without a lack of capital reads nothing.
        var meeting = grants.SelectMany(g => NeedRules.KindsMetByGrants.Where(k => NeedRules.CanMeet(k, g.PersonId, g, today)).Select(k => (Grant: g, Kind: k))).ToList();
        if (meeting.Count == 0) return;
        var ids = meeting.Select(m => m.Grant.HouseholdId).Distinct().ToList();
        var kinds = meeting.Select(m => m.Kind).Distinct().ToList();
        // Held already when the grants were recorded in this transaction; asked again so no caller can forget it.
        await ledgerLock.AcquireAsync(ids, ct);
        var open = await db.Needs.Where(n => ids.Contains(n.HouseholdId) && n.ClosedAt == null && kinds.Contains(n.Kind)).ToListAsync(ct);
        if (open.Count == 0) return;
        var byHousehold = grants.ToLookup(g => g.HouseholdId);
        var again = new HashSet<Guid>();
        foreach (var need in open.Where(n => byHousehold[n.HouseholdId].Any(g => NeedRules.CanMeet(n.Kind, n.PersonId, g, today))))
        {
            if (NeedRules.MeetsOutright(need.Kind)) Close(need, ClosedReason(need.Kind), now);
            else again.Add(need.HouseholdId);
        }
        await EvaluateAsync(again, ct);
    }

    /// <summary>
    /// The same evaluation for many households at once (a batch of grants): each query is asked once
    /// for all of them (IN-queries), and each household's needs come out as if evaluated alone.
    /// </summary>
    public async Task EvaluateAsync(IReadOnlyCollection<Guid> householdIds, CancellationToken ct)
    {
        var ids = householdIds.Distinct().ToList();
        if (ids.Count == 0) return;
        await ledgerLock.AcquireAsync(ids, ct);
        // A merged household is gone: its needs close, the survivor's are its own.
        var households = await db.Households.Where(h => ids.Contains(h.Id) && h.MergedInto == null).ToDictionaryAsync(h => h.Id, ct);
        if (households.Count > 0)
        {
            // Members and flags as Include would load them (tracked, into the households' collections),
            // but asked only for households that exist: a grant for one unknown to the registry costs no more.
            var found = households.Keys.ToList();
            await db.Set<KnownMember>().Where(m => found.Contains(m.HouseholdId)).LoadAsync(ct);
            await db.Set<KnownMonitoringFlag>().Where(f => found.Contains(f.HouseholdId)).LoadAsync(ct);
        }
        // Tracked needs come back as this transaction has them: one closed already (after a grant) is not open.
        var open = (await db.Needs.Where(n => ids.Contains(n.HouseholdId) && n.ClosedAt == null).ToListAsync(ct))
            .Where(n => n.ClosedAt == null).ToLookup(n => n.HouseholdId);
        var now = time.GetUtcDateTime();
        foreach (var id in ids.Where(id => !households.ContainsKey(id)))
        {
            // Merged away or never registered: whatever was open is nobody's to meet any more.
            foreach (var need in open[id]) Close(need, "The household is no longer in the registry", now);
        }
        if (households.Count == 0) return;

        var registered = households.Keys.ToList();
        var support = db.HouseholdSupport.Local.Where(s => households.ContainsKey(s.HouseholdId)).ToDictionary(s => s.HouseholdId);
        var unread = registered.Where(id => !support.ContainsKey(id)).ToList();
        if (unread.Count > 0)
        {
            foreach (var s in await db.HouseholdSupport.AsNoTracking().Include(s => s.Members).Where(s => unread.Contains(s.HouseholdId)).ToListAsync(ct))
                support[s.HouseholdId] = s;
        }
        // What the rules look at, as this transaction has it: each member's education and medical
        // grants, and whether the household has any industry aid at all. Its dividends pile up over the
        // years, and reading them all for that yes or no cost a batch of grants more than the rest of its
        // work. Grants are written straight to the table, but a revocation in this transaction
        // (AidRevokedConsumer) is still only tracked: a tracked grant stands in for its stored copy.
        var tracked = db.AidGrants.Local.ToDictionary(g => g.GrantId);
        var revokedHere = tracked.Values.Where(g => g.Revoked).Select(g => g.GrantId).ToList();
        var memberGrants = (await db.AidGrants.AsNoTracking()
                .Where(g => registered.Contains(g.HouseholdId) && !g.Revoked && g.PersonId != null
                    && (g.BenefitTypeCode.StartsWith(NeedRules.Education) || g.BenefitTypeCode.StartsWith(NeedRules.Medical)))
                .ToListAsync(ct))
            .Select(g => tracked.GetValueOrDefault(g.GrantId) ?? g)
            .Where(g => !g.Revoked)
            .ToLookup(g => g.HouseholdId);
        var inIndustry = (await db.AidGrants.AsNoTracking()
                .Where(g => registered.Contains(g.HouseholdId) && !g.Revoked && g.BenefitTypeCode.StartsWith(NeedRules.Industry) && !revokedHere.Contains(g.GrantId))
                .Select(g => g.HouseholdId).Distinct().ToListAsync(ct))
            .ToHashSet();

        var today = DateOnly.FromDateTime(now);
        foreach (var household in households.Values)
            Reconcile(household, support.GetValueOrDefault(household.Id), [.. memberGrants[household.Id]], inIndustry.Contains(household.Id), [.. open[household.Id]], now, today);
    }

    private void Reconcile(KnownHousehold household, HouseholdSupport? support, List<AidGrant> memberGrants, bool inIndustry, List<HouseholdNeed> open, DateTime now, DateOnly today)
    {
        var householdId = household.Id;
        var findings = NeedRules.Find(household, support, memberGrants, inIndustry, today);
        var watched = household.InPoverty || household.IsMonitored;
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
