using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using Microsoft.EntityFrameworkCore;
using Coordination.Ledger.Data;

namespace Coordination.Ledger.Grants;

/// <summary>
/// Keeps the grants of every department and enterprise and judges each new one against the catalogue.
/// Changes only the scoped DbContext: the inbox filter (for events) commits the grant, its
/// detections and their AidDuplicateDetected events in one transaction.
/// </summary>
public sealed class GrantLedger(LedgerDbContext db, LedgerLock ledgerLock, BenefitCatalogue catalogue, TimeProvider time, ILogger<GrantLedger> logger)
{
    /// <summary>
    /// Records a batch of grants in arrival order, set-based: one lookup of the grants already in the
    /// ledger, one lock of all their households and one query for the grants the rules compare them
    /// with. A grant is judged against the ledger and against the grants before it in the batch,
    /// exactly as if they had come one by one. Returns the grants it recorded (not those it held already).
    /// </summary>
    public async Task<IReadOnlyList<AidGranted>> RecordAsync(IReadOnlyList<AidGranted> events, CancellationToken ct)
    {
        var grantIds = events.Select(e => e.GrantId).Distinct().ToList();
        // Idempotent on the granting side's id: a redelivery, or a second event for the same grant, changes nothing.
        var known = (await db.AidGrants.AsNoTracking().Where(g => grantIds.Contains(g.GrantId)).Select(g => g.GrantId).ToListAsync(ct)).ToHashSet();
        var fresh = new List<AidGranted>(events.Count);
        foreach (var e in events)
        {
            if (!known.Add(e.GrantId))
            {
                logger.LogInformation("Grant {GrantId} is already in the ledger; ignored", e.GrantId);
                continue;
            }
            if (!InBounds(e))
            {
                // Every grantor bounds its amounts (Money.MaxFen); one that did not must not break every sum the ledger keeps.
                logger.LogError("Grant {GrantId} from {Grantor} has an amount outside 0..{MaxFen} fen; refused", e.GrantId, e.Grantor.Code, Money.MaxFen);
                continue;
            }
            if (!catalogue.TryGetRule(e.BenefitTypeCode, out _))
                logger.LogWarning("Grant {GrantId} has benefit type {Code}, which the catalogue does not know; kept without a rule", e.GrantId, e.BenefitTypeCode);
            fresh.Add(e);
        }
        if (fresh.Count == 0) return fresh;

        var freshHouseholds = fresh.Select(e => e.HouseholdId).Distinct().ToList();
        await ledgerLock.AcquireAsync(freshHouseholds, ct);
        var now = time.GetUtcDateTime();
        var grants = fresh.Select(e => ToGrant(e, now)).ToList();
        var related = (await RelatedAsync(grants, ct)).ToLookup(g => g.HouseholdId).ToDictionary(g => g.Key, g => g.ToList());
        var broken = new List<(AidGrant Grant, RuleFinding Finding)>();
        foreach (var grant in grants)
        {
            if (!related.TryGetValue(grant.HouseholdId, out var theirs)) related[grant.HouseholdId] = theirs = [];
            broken.AddRange(AidRules.Evaluate(catalogue, grant, theirs.Where(g => IsRelated(g, grant))).Select(f => (grant, f)));
            theirs.Add(grant);
        }
        if (broken.Count > 0)
        {
            // A detection is listed by region; few grants break a rule, so only theirs are looked up.
            var regions = await RegionsAsync(broken.Select(b => b.Grant.HouseholdId), ct);
            foreach (var (grant, finding) in broken) Detect(grant, finding, regions.GetValueOrDefault(grant.HouseholdId) ?? "", now);
        }
        // A batch's grants go straight to the table, in the group commit's transaction (the change
        // tracker's bookkeeping cost more than the inserts); the needs evaluation that follows reads them there.
        await using (var insert = new BulkInsert<AidGrant>(db))
            await insert.AddRangeAsync(grants, ct);
        return fresh;
    }

    private static bool InBounds(AidGranted e) =>
        e.AmountFen is >= 0 and <= Money.MaxFen && e.InKindValueFen is >= 0 and <= Money.MaxFen
        && e.ExpenseAmountFen is null or (>= 0 and <= Money.MaxFen);

    private async Task<Dictionary<Guid, string>> RegionsAsync(IEnumerable<Guid> households, CancellationToken ct)
    {
        var ids = households.Distinct().ToList();
        return await db.Households.Where(h => ids.Contains(h.Id)).Select(h => new { h.Id, h.RegionCode })
            .ToDictionaryAsync(h => h.Id, h => h.RegionCode, ct);
    }

    private void Detect(AidGrant grant, RuleFinding f, string regionCode, DateTime now)
    {
        var detection = new AidDuplicate
        {
            Id = Guid.CreateVersion7(),
            HouseholdId = grant.HouseholdId,
            RegionCode = regionCode,
            Rule = f.Rule,
            BenefitTypeCode = f.BenefitTypeCode,
            TriggeringGrantId = grant.GrantId,
            GrantIds = [.. f.GrantIds],
            Explanation = f.Explanation,
            DetectedAt = now,
        };
        db.AidDuplicates.Add(detection);
        db.AddIntegrationEvent(new AidDuplicateDetected(detection.Id, detection.HouseholdId, detection.Rule,
            detection.BenefitTypeCode, detection.GrantIds, detection.Explanation, now));
        logger.LogWarning("Aid rule {Rule} broken for household {HouseholdId}: {Explanation}", f.Rule, grant.HouseholdId, f.Explanation);
    }

    public async Task RevokeAsync(AidRevoked e, CancellationToken ct)
    {
        var grant = await db.AidGrants.FirstOrDefaultAsync(g => g.GrantId == e.GrantId, ct);
        // Grants and revocations travel on separate queues, so a revocation can overtake its grant.
        // Dropping it would let the grant count forever; failing it makes MassTransit retry until the
        // grant is in (and after the retries it waits in the _error queue, not lost).
        if (grant is null)
            throw new InvalidOperationException($"Revocation of grant {e.GrantId}, which the ledger does not hold yet; retried until the grant arrives.");
        if (grant.Revoked) return;
        // Only the grantor takes back its own aid: another department or an enterprise revoking it
        // would make aid vanish from the ledger (and its needs reopen) without its giver knowing.
        if (grant.GrantorKind != e.Grantor.Kind || !string.Equals(grant.GrantorCode, e.Grantor.Code, StringComparison.Ordinal))
        {
            logger.LogWarning("Revocation of grant {GrantId} by {Kind} {Code}, which did not grant it ({GrantorCode}); ignored",
                e.GrantId, e.Grantor.Kind, e.Grantor.Code, grant.GrantorCode);
            return;
        }
        grant.Revoked = true;
        grant.RevokedAt = e.RevokedAt;
        grant.RevocationReason = e.Reason;
        grant.ReplacedByGrantId = e.ReplacedByGrantId;
    }

    /// <summary>
    /// A household filed twice was merged: its grants and detections now belong to the survivor, and a
    /// person filed twice is one person there. The moved grants are judged against the survivor's: aid
    /// each record received for the same person and term is a duplicate no rule could see while they
    /// were two households. A clash among the merged household's own grants was judged when they came
    /// and is not reported again. Saved in the caller's transaction (the inbox filter's), so that what
    /// follows in it (the needs evaluation) finds the grants in their new household.
    /// </summary>
    public async Task FollowMergeAsync(HouseholdsMerged e, CancellationToken ct)
    {
        var (survivor, merged) = (e.SurvivingHouseholdId, e.MergedHouseholdId);
        await ledgerLock.AcquireAsync([survivor, merged], ct);
        var moving = await db.AidGrants.Where(g => g.HouseholdId == merged).OrderBy(g => g.RecordedAt).ThenBy(g => g.GrantId).ToListAsync(ct);
        foreach (var detection in await db.AidDuplicates.Where(d => d.HouseholdId == merged).ToListAsync(ct)) detection.HouseholdId = survivor;
        if (moving.Count > 0)
        {
            var samePerson = e.LinkedPersons.ToDictionary(l => l.PersonId, l => l.SamePersonAs);
            var standing = await db.AidGrants.AsNoTracking().Where(g => g.HouseholdId == survivor && !g.Revoked).ToListAsync(ct);
            var survivors = standing.Select(g => g.GrantId).ToHashSet();
            var region = (await RegionsAsync([survivor], ct)).GetValueOrDefault(survivor) ?? "";
            var now = time.GetUtcDateTime();
            foreach (var grant in moving)
            {
                grant.HouseholdId = survivor;
                if (grant.PersonId is { } person && samePerson.TryGetValue(person, out var same)) grant.PersonId = same;
                if (grant.Revoked) continue;
                foreach (var finding in AidRules.Evaluate(catalogue, grant, standing.Where(g => IsRelated(g, grant))))
                    if (finding.GrantIds.Any(survivors.Contains)) Detect(grant, finding, region, now);
                standing.Add(grant);
            }
            logger.LogInformation("{Count} grants of household {Merged} moved to {Survivor}, into which it was merged", moving.Count, merged, survivor);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>What the rules would say of a grant, storing nothing.</summary>
    public async Task<IReadOnlyList<RuleFinding>> CheckAsync(AidGrant candidate, CancellationToken ct) =>
        AidRules.Evaluate(catalogue, candidate, (await RelatedAsync([candidate], ct)).Where(g => IsRelated(g, candidate)));

    /// <summary>
    /// The standing grants a rule could compare the candidates with, a superset for a batch (see
    /// <see cref="IsRelated"/>). A household's history of term subsidies and reimbursements grows every
    /// year, and only these can clash with a new grant. Two queries, each asked only for the households
    /// of the candidates it serves. One query for all the batch's households would read every exclusive
    /// and capped grant even of a household sent only a dividend, which costs a batch more than its inserts.
    /// </summary>
    private async Task<List<AidGrant>> RelatedAsync(IReadOnlyCollection<AidGrant> candidates, CancellationToken ct)
    {
        // A stackable (or unknown) benefit has no rule to break: its grants need no comparison.
        var exclusive = candidates.Where(c => RuleOf(c) == BenefitRule.Exclusive).ToList();
        var capped = candidates.Where(c => RuleOf(c) == BenefitRule.CappedByExpense && c.ExpenseReference != null).ToList();
        // The two sets never share a grant: a type has one rule, and each query reads only its rule's types.
        List<AidGrant> related = exclusive.Count == 0 ? [] : await SameTypeAndPeriodAsync(exclusive, ct);
        if (capped.Count > 0) related.AddRange(await TowardsSameExpenseAsync(capped, ct));
        return related;
    }

    /// <summary>
    /// Grants of an exclusive candidate's type, for one of the candidates' people (or the household, for
    /// a person-less grant), overlapping the candidates' periods. The types are in the household index,
    /// so SQLite passes over the household's other grants without reading their rows.
    /// </summary>
    private Task<List<AidGrant>> SameTypeAndPeriodAsync(List<AidGrant> exclusive, CancellationToken ct)
    {
        var households = exclusive.Select(c => c.HouseholdId).Distinct().ToList();
        var codes = exclusive.Select(c => c.BenefitTypeCode).Distinct().ToList();
        var people = exclusive.Where(c => c.PersonId != null).Select(c => c.PersonId!.Value).Distinct().ToList();
        var householdWide = exclusive.Any(c => c.PersonId == null);
        var (from, to) = (exclusive.Min(c => c.PeriodStart), exclusive.Max(c => c.PeriodEnd));
        return db.AidGrants.AsNoTracking()
            .Where(g => households.Contains(g.HouseholdId) && codes.Contains(g.BenefitTypeCode) && !g.Revoked
                && g.PeriodStart <= to && g.PeriodEnd >= from
                && (g.PersonId == null ? householdWide : people.Contains(g.PersonId.Value)))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Grants of any capped type towards a capped candidate's expense: every capped type counts,
    /// whichever the candidate's. Sought by expense alone, in the partial expense index: a bill has a
    /// grant or two, where a household has years of them. With nothing else to seek by, the query
    /// takes that index whatever statistics SQLite keeps of the household index; the types are tested
    /// here on those few rows, the households by <see cref="IsRelated"/>.
    /// </summary>
    private async Task<List<AidGrant>> TowardsSameExpenseAsync(List<AidGrant> capped, CancellationToken ct)
    {
        var expenses = capped.Select(c => c.ExpenseReference!).Distinct().ToList();
        var towards = await db.AidGrants.AsNoTracking()
            .Where(g => g.ExpenseReference != null && expenses.Contains(g.ExpenseReference) && !g.Revoked)
            .ToListAsync(ct);
        return [.. towards.Where(g => RuleOf(g) == BenefitRule.CappedByExpense)];
    }

    private BenefitRule? RuleOf(AidGrant grant) => catalogue.TryGetRule(grant.BenefitTypeCode, out var rule) ? rule : null;

    private static bool IsRelated(AidGrant g, AidGrant candidate) =>
        g.HouseholdId == candidate.HouseholdId && !g.Revoked
        && (g.BenefitTypeCode == candidate.BenefitTypeCode || (candidate.ExpenseReference != null && g.ExpenseReference == candidate.ExpenseReference));

    public static AidGrant ToGrant(AidGranted e, DateTime recordedAt) => new()
    {
        GrantId = e.GrantId,
        HouseholdId = e.HouseholdId,
        PersonId = e.PersonId,
        GrantorKind = e.Grantor.Kind,
        GrantorCode = e.Grantor.Code,
        GrantorName = e.Grantor.Name,
        Programme = e.Programme,
        BenefitTypeCode = e.BenefitTypeCode,
        AmountFen = e.AmountFen,
        InKindValueFen = e.InKindValueFen,
        PeriodStart = e.PeriodStart,
        PeriodEnd = e.PeriodEnd,
        Year = e.PeriodStart.Year,
        GrantedAt = e.GrantedAt,
        ExpenseReference = e.ExpenseReference,
        ExpenseAmountFen = e.ExpenseAmountFen,
        RecordedAt = recordedAt,
    };
}
