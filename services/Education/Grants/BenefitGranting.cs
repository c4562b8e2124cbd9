using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Education.Data;
using Coordination.Education.Domain;
using Coordination.Education.Dropout;
using Coordination.Education.Students;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Api = Coordination.Education.V1;

namespace Coordination.Education.Grants;

/// <summary>
/// Grants education benefits under the programme's rules and reports each to the household's ledger
/// (AidGranted through the outbox, in the grant's transaction); corrections revoke (AidRevoked).
/// Rules: the student is a member of a registered household (or one within its buffer period) and
/// enrolled in the term; the stage is eligible for the benefit (boarders only for the boarding
/// subsidy); each benefit at most once per student per term. A retry with the same request_id
/// returns the first grant and publishes nothing new. The student's household must lie in the
/// caller's region scope, for a grant, its replay and its revocation alike.
/// </summary>
public sealed class BenefitGranting(
    EducationDbContext db, DropoutMonitor monitor, IOptions<HouseholdDirectoryOptions> directory, TimeProvider time)
{
    public static readonly Grantor Grantor = new(GrantorKind.Department, "education", "教育部门");

    /// <summary>A sanity bound (100,000 yuan), far above any one term's education benefit.</summary>
    public const long MaxAmountFen = 10_000_000;

    public async Task<BenefitGrant> GrantAsync(Api.GrantBenefitRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var key = request.RequestId.Trim();
        v.Require(key.Length is > 0 and <= 100, "request_id", "is required, at most 100 characters");
        var personId = Requests.PersonId(v, request.PersonId, "person_id");
        var term = Requests.TermOrCurrent(v, request.Term, "term", monitor);
        v.Require(request.BenefitType != Api.BenefitType.Unspecified && Enum.IsDefined(request.BenefitType),
            "benefit_type", "is required: a benefit such as BENEFIT_TYPE_TUITION_WAIVER");
        v.Require(request.AmountFen is > 0 and <= MaxAmountFen, "amount_fen", $"must be more than 0 and at most {MaxAmountFen} fen");
        var programme = request.Programme.Trim();
        v.Require(programme.Length <= 100, "programme", "at most 100 characters");
        v.ThrowIfInvalid();
        var type = (BenefitType)request.BenefitType;
        var termName = term.ToString();
        // Before the key is looked up, so that a replay discloses no grant outside the scope either.
        await scope.RequireMemberAsync(db, personId, "Student", cancellationToken);

        var once = new IdempotentCreate<BenefitGrant>(db,
            ct => db.Grants.AsNoTracking().SingleOrDefaultAsync(g => g.RequestId == key, ct),
            g => g.PersonId == personId && g.Term == termName && g.BenefitType == type && g.AmountFen == request.AmountFen,
            g => $"request_id was already used for grant {g.Id}, with different facts; use a new key for a new grant.");
        if (await once.StoredAsync(cancellationToken) is { } earlier) return earlier;

        var now = time.GetUtcDateTime();
        var household = await Requests.StudentHouseholdAsync(db, personId, DateOnly.FromDateTime(now), directory.Value, cancellationToken);
        var rule = EducationBenefits.For(type);
        var enrolment = await db.Enrolments.AsNoTracking()
            .SingleOrDefaultAsync(e => e.PersonId == personId && e.Term == termName && e.Status == EnrolmentStatus.Enrolled, cancellationToken)
            ?? throw new RuleViolationException("benefit.not-enrolled", $"Person {personId} is not enrolled in {termName}; benefits follow an enrolment.");
        if (!rule.Stages.Contains(enrolment.Stage))
            throw new RuleViolationException("benefit.stage-ineligible",
                $"{rule.Code} is for {string.Join(", ", rule.Stages.Order())}; the student is in {enrolment.Stage} in {termName}.");
        if (rule.BoardersOnly && !enrolment.Boarder)
            throw new RuleViolationException("benefit.boarders-only", $"{rule.Code} is for boarders; the student does not board in {termName}.");
        var slot = BenefitGrant.SlotOf(personId, termName, type);
        if (await db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.ActiveSlot == slot, cancellationToken) is { } standing)
        {
            // A concurrent retry of this very request may have committed since the key was looked up.
            if (standing.RequestId == key) return once.Replay(standing);
            throw OncePerTerm(rule, termName, standing.Id);
        }

        var grant = new BenefitGrant
        {
            Id = Guid.CreateVersion7(),
            RequestId = key,
            PersonId = personId,
            HouseholdId = household.Id,
            Term = termName,
            BenefitType = type,
            AmountFen = request.AmountFen,
            Programme = programme.Length > 0 ? programme : rule.Programme,
            SchoolCode = enrolment.SchoolCode,
            Stage = enrolment.Stage,
            GrantedAt = now,
            ActiveSlot = slot,
        };
        db.Grants.Add(grant);
        db.AddIntegrationEvent(new AidGranted(
            grant.Id, grant.HouseholdId, grant.PersonId, Grantor, grant.Programme, rule.Code,
            AmountFen: rule.InKind ? 0 : grant.AmountFen, InKindValueFen: rule.InKind ? grant.AmountFen : 0,
            term.Start, term.End, grant.GrantedAt));
        try
        {
            return await once.SaveAsync(grant, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Not a retry of this request: a concurrent grant under another key may have taken the benefit's slot first.
            if (await db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.ActiveSlot == slot, cancellationToken) is { } other)
                throw OncePerTerm(rule, termName, other.Id);
            throw;
        }
    }

    public async Task<BenefitGrant> RevokeAsync(Api.RevokeGrantRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        if (!Guid.TryParse(request.GrantId, out var grantId)) v.Add("grant_id", "must be a grant id (a UUID)");
        var reason = v.RequireReason(request.Reason, "reason", maxLength: 200);
        v.ThrowIfInvalid();

        var grant = await db.Grants.SingleOrDefaultAsync(g => g.Id == grantId, cancellationToken)
            ?? throw new NotFoundException("Grant", request.GrantId);
        scope.Require(await db.RegionOfHouseholdAsync(grant.HouseholdId, cancellationToken), "Grant", request.GrantId);
        if (grant.RevokedAt is not null) return grant;
        grant.RevokedAt = time.GetUtcDateTime();
        grant.RevocationReason = reason;
        grant.ActiveSlot = null;
        db.AddIntegrationEvent(new AidRevoked(grant.Id, grant.HouseholdId, Grantor, reason, grant.RevokedAt.Value));
        await db.SaveChangesAsync(cancellationToken);
        return grant;
    }

    private static RuleViolationException OncePerTerm(EducationBenefit rule, string term, Guid standing) =>
        new("benefit.once-per-term", $"{rule.Code} is given once per student per term; grant {standing} already stands for {term}. Revoke it to correct it.");
}
