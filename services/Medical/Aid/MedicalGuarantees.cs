using Coordination.BuildingBlocks.Households;
using Coordination.Contracts.Events;
using Coordination.Medical.Data;
using Coordination.Medical.Domain;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Medical.Aid;

/// <summary>基本医疗有保障: every member of the household has basic medical insurance for the year.</summary>
public static class MedicalGuarantees
{
    /// <param name="alsoInsured">Members enrolled in this unit of work, not yet saved.</param>
    public static Task<GuaranteeAssessment> AssessAsync(this MedicalDbContext db, KnownHousehold household, int year,
        CancellationToken cancellationToken, params Guid[] alsoInsured) =>
        db.AssessAsync(household.Id, household.Members.Select(m => m.Id).ToList(), year, cancellationToken, alsoInsured);

    public static async Task<GuaranteeAssessment> AssessAsync(this MedicalDbContext db, Guid householdId, List<Guid> memberIds, int year,
        CancellationToken cancellationToken, params Guid[] alsoInsured)
    {
        var insured = await db.Enrolments.AsNoTracking()
            .Where(e => e.Year == year && memberIds.Contains(e.PersonId)).Select(e => e.PersonId).ToListAsync(cancellationToken);
        var uninsured = memberIds.Except(insured).Except(alsoInsured).ToList();
        var met = memberIds.Count > 0 && uninsured.Count == 0;
        var explanation = memberIds.Count == 0 ? $"the household has no members known to medical for {year}"
            : met ? $"all {memberIds.Count} members have basic medical insurance for {year}"
            : $"{uninsured.Count} of {memberIds.Count} members have no basic medical insurance for {year}";
        return new GuaranteeAssessment(householdId, year, met, explanation, uninsured);
    }

    /// <summary>
    /// Assesses the household again and records the answer, queueing MedicalGuaranteeChanged when it
    /// differs from the last one published (or none was). The state row is read first and touched every
    /// time, so that concurrent enrolments of one household conflict on its version instead of both
    /// publishing a stale answer: read after the enrolments, its version could already include an
    /// enrolment the assessment had not seen, and the save would pass with a stale answer.
    /// </summary>
    /// <param name="householdVersion">The registry's version of the membership assessed; an older one never overwrites a newer.</param>
    /// <param name="alsoInsured">Members enrolled in this unit of work, not yet saved.</param>
    public static async Task<GuaranteeAssessment> ReassessAsync(this MedicalDbContext db, Guid householdId, List<Guid> memberIds, int year,
        long householdVersion, DateTime now, CancellationToken cancellationToken, params Guid[] alsoInsured)
    {
        // A caller that had to look at the row first (to skip an older membership) has it tracked already.
        var state = db.Guarantees.Local.SingleOrDefault(g => g.HouseholdId == householdId && g.Year == year)
            ?? await db.Guarantees.SingleOrDefaultAsync(g => g.HouseholdId == householdId && g.Year == year, cancellationToken);
        var assessment = await db.AssessAsync(householdId, memberIds, year, cancellationToken, alsoInsured);
        var changed = state is null || state.Met != assessment.Met;
        if (state is null)
        {
            state = new MedicalGuaranteeState { HouseholdId = assessment.HouseholdId, Year = assessment.Year };
            db.Guarantees.Add(state);
        }
        state.Version++;
        state.HouseholdVersion = Math.Max(state.HouseholdVersion, householdVersion);
        state.Explanation = assessment.Explanation;
        if (!changed) return assessment;
        state.Met = assessment.Met;
        state.ChangedAt = now;
        db.AddIntegrationEvent(new MedicalGuaranteeChanged(assessment.HouseholdId, assessment.Year, assessment.Met, assessment.Explanation, now));
        return assessment;
    }
}
