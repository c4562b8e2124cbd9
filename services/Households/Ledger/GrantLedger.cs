using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using Coordination.Households.Data;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Ledger;

/// <summary>
/// Keeps the grants of every department and enterprise and judges each new one against the catalogue.
/// Changes only the scoped DbContext: the inbox filter (for events) commits the grant, its
/// detections and their AidDuplicateDetected events in one transaction.
/// </summary>
public sealed class GrantLedger(HouseholdsDbContext db, BenefitCatalogue catalogue, TimeProvider time, ILogger<GrantLedger> logger)
{
    public async Task RecordAsync(AidGranted e, CancellationToken ct)
    {
        // Idempotent on the granting side's id: a redelivery, or a second event for the same grant, changes nothing.
        if (await db.AidGrants.AnyAsync(g => g.GrantId == e.GrantId, ct))
        {
            logger.LogInformation("Grant {GrantId} is already in the ledger; ignored", e.GrantId);
            return;
        }
        if (!catalogue.TryGetRule(e.BenefitTypeCode, out _))
            logger.LogWarning("Grant {GrantId} has benefit type {Code}, which the catalogue does not know; kept without a rule", e.GrantId, e.BenefitTypeCode);

        await LedgerLock.AcquireAsync(db, e.HouseholdId, countsGrant: true, ct);
        var now = time.GetUtcDateTime();
        var region = await db.Households.Where(h => h.Id == e.HouseholdId).Select(h => h.RegionCode).FirstOrDefaultAsync(ct) ?? "";
        var grant = ToGrant(e, region, now);
        var findings = AidRules.Evaluate(catalogue, grant, await RelatedAsync(grant, ct));
        db.AidGrants.Add(grant);
        foreach (var f in findings)
        {
            var detection = new AidDuplicate
            {
                Id = Guid.CreateVersion7(),
                HouseholdId = grant.HouseholdId,
                RegionCode = region,
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
        grant.Revoked = true;
        grant.RevokedAt = e.RevokedAt;
        grant.RevocationReason = e.Reason;
        grant.ReplacedByGrantId = e.ReplacedByGrantId;
    }

    /// <summary>What the rules would say of a grant, storing nothing.</summary>
    public async Task<IReadOnlyList<RuleFinding>> CheckAsync(AidGrant candidate, CancellationToken ct) =>
        AidRules.Evaluate(catalogue, candidate, await RelatedAsync(candidate, ct));

    /// <summary>Only the grants a rule could compare the candidate with: same type, or same expense.</summary>
    private async Task<List<AidGrant>> RelatedAsync(AidGrant candidate, CancellationToken ct)
    {
        var code = candidate.BenefitTypeCode;
        var expense = candidate.ExpenseReference;
        return await db.AidGrants.AsNoTracking()
            .Where(g => g.HouseholdId == candidate.HouseholdId && !g.Revoked
                && (g.BenefitTypeCode == code || (expense != null && g.ExpenseReference == expense)))
            .ToListAsync(ct);
    }

    public static AidGrant ToGrant(AidGranted e, string regionCode, DateTime recordedAt) => new()
    {
        GrantId = e.GrantId,
        HouseholdId = e.HouseholdId,
        RegionCode = regionCode,
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
