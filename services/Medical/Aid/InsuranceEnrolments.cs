using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Medical.Data;
using Coordination.Medical.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Api = Coordination.Medical.V1;

namespace Coordination.Medical.Aid;

/// <summary>
/// Enrols members in basic medical insurance, grants the premium subsidy to registered poor members,
/// and keeps the household's medical guarantee current, all in one transaction with their events.
/// The member's household must lie in the caller's region scope.
/// </summary>
public sealed class InsuranceEnrolments(MedicalDbContext db, TimeProvider time,
    IOptions<MedicalPolicyOptions> policy, IOptions<HouseholdDirectoryOptions> directory)
{
    // Each retry is lost to at most one other enrolment that committed, so a household's members enrolled
    // all at once (a family of up to ten) need up to that many attempts.
    private const int Attempts = 10;

    public async Task<InsuranceEnrolment> EnrolAsync(Api.EnrolInsuranceRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcDateTime());
        var v = new Validation();
        v.Require(Guid.TryParse(request.PersonId, out var personId), "person_id", "must be a person id (a UUID)");
        v.Require(request.Year >= 2000 && request.Year <= today.Year + 1, "year", $"must be a year from 2000 to {today.Year + 1}");
        v.Require(request.PremiumFen is >= 0 and <= 10_000_000, "premium_fen", "must be from 0 to 10,000,000 fen");
        v.ThrowIfInvalid();
        // Before an enrolment already made is looked up, so that it is not disclosed outside the scope either.
        await scope.RequireMemberAsync(db, personId, "Member", cancellationToken);

        // A concurrent enrolment of the same member (unique person and year) or of another member of the
        // household (the guarantee's version) makes SaveChanges fail; the retry sees what it committed.
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            try
            {
                return await TryEnrolAsync(personId, request.Year, request.PremiumFen, today, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // A short random pause, so that racing enrolments do not meet again at once.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
            catch (DbUpdateException)
            {
                throw new ConcurrencyConflictException("The household's insurance changed concurrently; retry the enrolment.");
            }
        }
    }

    private async Task<InsuranceEnrolment> TryEnrolAsync(Guid personId, int year, long premiumFen, DateOnly today, CancellationToken cancellationToken)
    {
        var existing = await db.Enrolments.AsNoTracking().SingleOrDefaultAsync(e => e.PersonId == personId && e.Year == year, cancellationToken);
        if (existing is not null) return existing;

        var household = await db.HouseholdOfAsync(personId, cancellationToken);
        var poor = await db.IsRegisteredPoorAsync(household, today, directory.Value, cancellationToken);
        var now = time.GetUtcDateTime();
        var subsidy = poor ? premiumFen * policy.Value.PremiumSubsidyPercent / 100 : 0;
        var enrolment = new InsuranceEnrolment
        {
            Id = Guid.NewGuid(),
            HouseholdId = household.Id,
            PersonId = personId,
            Year = year,
            PremiumFen = premiumFen,
            PremiumSubsidyFen = subsidy,
            SubsidyGrantId = subsidy > 0 ? Guid.NewGuid() : null,
            EnrolledAt = now,
        };
        db.Enrolments.Add(enrolment);
        if (subsidy > 0) db.AddIntegrationEvent(MedicalGrants.ForSubsidy(enrolment));

        await db.ReassessAsync(household.Id, household.Members.Select(m => m.Id).ToList(), year, household.Version, now, cancellationToken, personId);
        await db.SaveChangesAsync(cancellationToken);
        return enrolment;
    }
}
