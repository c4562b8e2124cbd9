using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Contracts.Events;
using Coordination.Medical.Data;
using Coordination.Medical.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Api = Coordination.Medical.V1;

namespace Coordination.Medical.Aid;

/// <summary>
/// Files medical bills: reimburses them in the legal order under the configured policy, publishes
/// each reimbursement as AidGranted with the claim as its expense, and a large out-of-pocket cost
/// as LargeMedicalExpenseIncurred — all in the claim's own transaction. The member's household (a
/// claim's region) must lie in the caller's region scope.
/// </summary>
public sealed class ClaimProcessing(MedicalDbContext db, TimeProvider time,
    IOptions<MedicalPolicyOptions> policy, IOptions<HouseholdDirectoryOptions> directory)
{
    public async Task<Claim> FileAsync(Api.FileClaimRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcDateTime());
        var (personId, serviceDate) = Validate(request, today);
        var requestId = request.RequestId.Trim();
        // Before the key is looked up, so that a replay discloses no claim outside the scope either.
        await scope.RequireMemberAsync(db, personId, "Member", cancellationToken);

        var once = new IdempotentCreate<Claim>(db,
            ct => db.Claims.AsNoTracking().Include(c => c.Reimbursements).SingleOrDefaultAsync(c => c.RequestId == requestId, ct),
            filed => SameBill(filed, request, personId, serviceDate),
            filed => $"request_id '{filed.RequestId}' was already used for claim {filed.Id}, a different bill.");
        if (await once.StoredAsync(cancellationToken) is { } filed) return filed;

        var household = await db.HouseholdOfAsync(personId, cancellationToken);
        var poor = await db.IsRegisteredPoorAsync(household, today, directory.Value, cancellationToken);
        var year = serviceDate.Year;
        var insured = await db.Enrolments.AnyAsync(e => e.PersonId == personId && e.Year == year, cancellationToken);
        var used = await UsedThisYearAsync(personId, year, cancellationToken);

        var careType = (CareType)request.CareType;
        var plan = ReimbursementCalculator.Plan(new ClaimFacts(request.TotalCostFen, careType, insured, poor,
            used.GetValueOrDefault(ReimbursementKind.BasicInsurance),
            used.GetValueOrDefault(ReimbursementKind.SeriousIllnessInsurance),
            used.GetValueOrDefault(ReimbursementKind.MedicalAssistance)), policy.Value);

        var now = time.GetUtcDateTime();
        var claim = new Claim
        {
            Id = Guid.NewGuid(),
            RequestId = requestId,
            HouseholdId = household.Id,
            PersonId = personId,
            RegionCode = household.RegionCode,
            Hospital = request.Hospital.Trim(),
            ServiceDate = serviceDate,
            TotalCostFen = request.TotalCostFen,
            DiagnosisCategory = (DiagnosisCategory)request.DiagnosisCategory,
            CareType = careType,
            RegisteredPoor = poor,
            Insured = insured,
            FiledAt = now,
        };
        foreach (var (kind, amount) in new[]
                 {
                     (ReimbursementKind.BasicInsurance, plan.BasicFen),
                     (ReimbursementKind.SeriousIllnessInsurance, plan.SeriousIllnessFen),
                     (ReimbursementKind.MedicalAssistance, plan.AssistanceFen),
                 })
        {
            if (amount <= 0) continue;
            claim.Reimbursements.Add(new Reimbursement { Id = Guid.NewGuid(), ClaimId = claim.Id, Kind = kind, AmountFen = amount, Reason = "filed", GrantedAt = now });
        }
        if (claim.ReimbursedFen > claim.TotalCostFen) // the calculator's own guarantee; never trust it with money silently
            throw new InvalidOperationException($"Reimbursements of {claim.ReimbursedFen} fen exceed the bill of {claim.TotalCostFen} fen.");

        claim.LargeExpense = claim.OutOfPocketFen > policy.Value.LargeExpenseThresholdFen;
        db.Claims.Add(claim);
        foreach (var r in claim.Reimbursements) db.AddIntegrationEvent(MedicalGrants.ForReimbursement(claim, r));
        if (claim.LargeExpense)
            db.AddIntegrationEvent(new LargeMedicalExpenseIncurred(claim.HouseholdId, claim.PersonId, claim.Id, claim.TotalCostFen, claim.OutOfPocketFen, now));

        return await once.SaveAsync(claim, cancellationToken);
    }

    public async Task<Claim> AddReimbursementAsync(Api.AddReimbursementRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        v.Require(Guid.TryParse(request.ClaimId, out var claimId), "claim_id", "must be a claim id (a UUID)");
        var requestId = request.RequestId.Trim();
        v.Require(requestId.Length is > 0 and <= 100, "request_id", "is required, at most 100 characters");
        v.Require(Defined(request.Kind), "kind", "is required");
        v.RequireFen(request.AmountFen, "amount_fen");
        v.RequireText(request.Reason, "reason", 200, required: false, multiline: true);
        v.ThrowIfInvalid();

        var claim = await db.Claims.Include(c => c.Reimbursements).SingleOrDefaultAsync(c => c.Id == claimId, cancellationToken)
            ?? throw new NotFoundException("Claim", request.ClaimId);
        scope.Require(claim.RegionCode, "Claim", request.ClaimId);
        // A retry gets the claim back; a concurrent one that commits first answers for this call (see the save below).
        if (claim.Reimbursements.Any(r => r.RequestId == requestId)) return claim;
        var once = new IdempotentCreate<Claim>(db,
            ct => db.Claims.AsNoTracking().Include(c => c.Reimbursements)
                .SingleOrDefaultAsync(c => c.Id == claimId && c.Reimbursements.Any(r => r.RequestId == requestId), ct),
            sameContent: null, conflict: _ => "");
        if (claim.ReimbursedFen + request.AmountFen > claim.TotalCostFen)
            throw new RuleViolationException("claim.reimbursements-exceed-bill",
                $"The claim's bill is {claim.TotalCostFen} fen and {claim.ReimbursedFen} fen are reimbursed already; " +
                $"{request.AmountFen} fen more would pay more than the bill.");

        var now = time.GetUtcDateTime();
        var reimbursement = new Reimbursement
        {
            Id = Guid.NewGuid(),
            ClaimId = claim.Id,
            Kind = (ReimbursementKind)request.Kind,
            AmountFen = request.AmountFen,
            RequestId = requestId,
            Reason = request.Reason.Trim(),
            GrantedAt = now,
        };
        // Added explicitly: found through the navigation, an entity with its key set would be taken for an existing row.
        db.Reimbursements.Add(reimbursement);
        claim.Version++;
        db.AddIntegrationEvent(MedicalGrants.ForReimbursement(claim, reimbursement));
        try
        {
            return await once.SaveAsync(claim, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Not a retry of this request: another reimbursement changed the claim's version first.
            throw new ConcurrencyConflictException("The claim's reimbursements changed concurrently; read it again and retry.");
        }
    }

    private async Task<Dictionary<ReimbursementKind, long>> UsedThisYearAsync(Guid personId, int year, CancellationToken cancellationToken)
    {
        var from = new DateOnly(year, 1, 1);
        var to = from.AddYears(1);
        var amounts = await db.Claims.AsNoTracking()
            .Where(c => c.PersonId == personId && c.ServiceDate >= from && c.ServiceDate < to)
            .SelectMany(c => c.Reimbursements).Select(r => new { r.Kind, r.AmountFen })
            .ToListAsync(cancellationToken);
        return amounts.GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.Sum(a => a.AmountFen));
    }


    /// <summary>A retry gets the claim it filed; a key reused for another bill is the caller's mistake.</summary>
    private static bool SameBill(Claim filed, Api.FileClaimRequest request, Guid personId, DateOnly serviceDate) =>
        filed.PersonId == personId && filed.TotalCostFen == request.TotalCostFen && filed.ServiceDate == serviceDate
        && filed.Hospital == request.Hospital.Trim() && (int)filed.CareType == (int)request.CareType
        && (int)filed.DiagnosisCategory == (int)request.DiagnosisCategory;

    private static (Guid PersonId, DateOnly ServiceDate) Validate(Api.FileClaimRequest request, DateOnly today)
    {
        var v = new Validation();
        var requestId = request.RequestId.Trim();
        v.Require(requestId.Length is > 0 and <= 100, "request_id", "is required, at most 100 characters");
        v.Require(Guid.TryParse(request.PersonId, out var personId), "person_id", "must be a person id (a UUID)");
        var hospital = v.RequireText(request.Hospital, "hospital", 100);
        if (!DateOnly.TryParseExact(request.ServiceDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var serviceDate))
            v.Add("service_date", "must be a date, yyyy-MM-dd");
        else if (serviceDate > today) v.Add("service_date", "is in the future");
        else if (serviceDate.Year < 2000) v.Add("service_date", "must be in 2000 or later");
        // 100 million yuan: far above any bill, far below an overflow of the share arithmetic.
        v.RequireFen(request.TotalCostFen, "total_cost_fen");
        v.Require(Defined(request.DiagnosisCategory), "diagnosis_category", "is required");
        v.Require(Defined(request.CareType), "care_type", "is required");
        v.ThrowIfInvalid();
        return (personId, serviceDate);
    }

    // Proto enums: 0 is "unspecified", which a request may not leave open.
    private static bool Defined<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0 && Enum.IsDefined(value);
}
