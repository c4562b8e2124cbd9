using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Industry.Data;
using Coordination.Industry.Domain;
using Coordination.Industry.Grpc;
using Coordination.Industry.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Api = Coordination.Industry.V1;

namespace Coordination.Industry.Benefits;

/// <summary>
/// Records what projects pay households and publishes each payment as the suite's AidGranted, in
/// the same transaction (outbox). Every payment is recorded once per caller's request_id (idempotency key): a
/// retry with the same content gets the first record back and publishes nothing; the same key with
/// other content is refused (AlreadyExists), since it is either a caller's bug or a second payment
/// that needs a key of its own. The project's region and the household's must lie in the caller's
/// region scope, for a payment, its replay and its correction alike.
/// </summary>
public sealed class BenefitPayments(IndustryDbContext db, TimeProvider time, IOptions<HouseholdDirectoryOptions> directory)
{
    public static readonly Grantor Grantor = new(GrantorKind.Department, "industry", "产业扶贫");

    public async Task<Benefit> RecordAsync(Api.RecordBenefitRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var projectId = v.Id(request.ProjectId, "project_id", "a project");
        var householdId = v.Id(request.HouseholdId, "household_id", "a household");
        var type = v.EnumField<Api.BenefitType, BenefitType>(request.Type, "type");
        var (amount, start, end, key) = ValidatePayment(v, request.AmountFen, request.PeriodStart, request.PeriodEnd, request.RequestId);
        v.ThrowIfInvalid();
        // Before the key is looked up, so that a replay discloses nothing outside the scope either.
        await RequireInScopeAsync(scope, projectId, householdId, cancellationToken);

        var once = Once(key, b => b.SameContentAs(projectId, householdId, type, amount, start, end, null));
        if (await once.StoredAsync(cancellationToken) is { } repeated) return repeated;

        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken)
            ?? throw new NotFoundException("Project", projectId.ToString());
        var role = Benefit.RoleFor(type);
        if (!await db.Enrolments.AnyAsync(e => e.ProjectId == projectId && e.HouseholdId == householdId && e.Role == role, cancellationToken))
            throw new RuleViolationException("benefit.not-enrolled",
                $"Household {householdId} is not enrolled in project {projectId} as a {ProjectCatalogue.RoleName(role)}, whom a {Benefit.CodeOf(type)} is paid to.");
        var now = time.GetUtcDateTime();
        await db.GetEligibleAsync(householdId, DateOnly.FromDateTime(now), directory.Value, cancellationToken);

        var benefit = new Benefit
        {
            Id = Guid.CreateVersion7(),
            ProjectId = projectId,
            HouseholdId = householdId,
            Type = type,
            AmountFen = amount,
            PeriodStart = start,
            PeriodEnd = end,
            RequestId = key,
            RecordedAt = now,
        };
        db.Benefits.Add(benefit);
        db.AddIntegrationEvent(Granted(benefit, project.Name));
        return await once.SaveAsync(benefit, cancellationToken);
    }

    /// <summary>
    /// A correction revokes the benefit (AidRevoked, pointing at its replacement) and records the
    /// corrected payment as a new benefit (AidGranted), both in one transaction.
    /// </summary>
    public async Task<Benefit> CorrectAsync(Api.CorrectBenefitRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var originalId = v.Id(request.BenefitId, "benefit_id", "a benefit");
        var (amount, start, end, key) = ValidatePayment(v, request.AmountFen, request.PeriodStart, request.PeriodEnd, request.RequestId);
        var reason = v.RequireReason(request.Reason, "reason", maxLength: 200);
        v.ThrowIfInvalid();

        var original = await db.Benefits.SingleOrDefaultAsync(b => b.Id == originalId, cancellationToken)
            ?? throw new NotFoundException("Benefit", originalId.ToString());
        await RequireInScopeAsync(scope, original.ProjectId, original.HouseholdId, cancellationToken);
        var once = Once(key, b => b.SameContentAs(original.ProjectId, original.HouseholdId, original.Type, amount, start, end, originalId));
        if (await once.StoredAsync(cancellationToken) is { } repeated) return repeated;
        if (original.IsRevoked)
            throw new RuleViolationException("benefit.already-revoked", original.ReplacedByBenefitId is { } by
                ? $"Benefit {originalId} was already corrected by benefit {by}; correct that one."
                : $"Benefit {originalId} was already revoked.");
        var projectName = await db.Projects.Where(p => p.Id == original.ProjectId).Select(p => p.Name).SingleAsync(cancellationToken);

        var now = time.GetUtcDateTime();
        var corrected = new Benefit
        {
            Id = Guid.CreateVersion7(),
            ProjectId = original.ProjectId,
            HouseholdId = original.HouseholdId,
            Type = original.Type,
            AmountFen = amount,
            PeriodStart = start,
            PeriodEnd = end,
            RequestId = key,
            RecordedAt = now,
            CorrectsBenefitId = originalId,
        };
        original.RevokedAt = now;
        original.RevocationReason = reason;
        original.ReplacedByBenefitId = corrected.Id;
        db.Benefits.Add(corrected);
        db.AddIntegrationEvent(new AidRevoked(original.Id, original.HouseholdId, Grantor, reason, now, corrected.Id));
        db.AddIntegrationEvent(Granted(corrected, projectName));
        try
        {
            return await once.SaveAsync(corrected, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Only a correction updates a benefit, and no retry of this one was stored: another correction revoked it first.
            throw new ConcurrencyConflictException("The benefit was corrected by a concurrent call; read it again.");
        }
    }

    /// <summary>PermissionDenied unless the project (if it exists) and the household (if known) lie in the scope.</summary>
    private async Task RequireInScopeAsync(RegionScope scope, Guid projectId, Guid householdId, CancellationToken cancellationToken)
    {
        if (scope.IsNationWide) return;
        var projectRegion = await db.Projects.Where(p => p.Id == projectId).Select(p => p.RegionCode).FirstOrDefaultAsync(cancellationToken);
        if (projectRegion is not null) scope.Require(projectRegion, "Project", projectId.ToString());
        await scope.RequireHouseholdAsync(db, householdId, cancellationToken);
    }

    private static AidGranted Granted(Benefit b, string projectName) => new(
        b.Id, b.HouseholdId, PersonId: null, Grantor, projectName, b.BenefitTypeCode, b.AmountFen, InKindValueFen: 0,
        b.PeriodStart, b.PeriodEnd, b.RecordedAt);

    private static (long Amount, DateOnly Start, DateOnly End, string Key) ValidatePayment(
        Validation v, long amount, string periodStart, string periodEnd, string requestId)
    {
        v.RequireFen(amount, "amount_fen");
        var start = v.Date(periodStart, "period_start");
        var end = v.Date(periodEnd, "period_end");
        if (start != default && end != default && v.Require(end >= start, "period_end", "must not be before period_start"))
            v.Require(end.Year == start.Year, "period_end", "must be in the same calendar year as period_start (income is reported per year)");
        var key = requestId.Trim();
        v.Require(key.Length is > 0 and <= 100, "request_id", "is required, at most 100 characters");
        return (amount, start, end, key);
    }

    /// <summary>A benefit is recorded once per request_id: the same content is the stored benefit, other content AlreadyExists.</summary>
    private IdempotentCreate<Benefit> Once(string key, Func<Benefit, bool> sameContent) => new(db,
        ct => db.Benefits.AsNoTracking().SingleOrDefaultAsync(b => b.RequestId == key, ct), sameContent,
        existing => $"request_id: benefit {existing.Id} was recorded under this key with different content; a different payment needs a key of its own.");
}
