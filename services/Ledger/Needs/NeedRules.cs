using System.Globalization;
using Coordination.Contracts;
using Coordination.Contracts.Events;

namespace Coordination.Ledger.Needs;

/// <summary>
/// The needs of one household, found from the registry's facts, the departments' facts and the
/// grants in the ledger. A pure function: the evaluation compares its answer with the open needs.
/// </summary>
public static class NeedRules
{
    // The benefit families the rules tell apart, by the prefix of a benefit type code (the catalogue's
    // "education.tuition-waiver", "medical.assistance", "industry.dividend"...).
    public const string Education = "education.";
    public const string Medical = "medical.";
    public const string Industry = "industry.";

    /// <param name="memberGrants">The household's standing education and medical grants to its members.</param>
    /// <param name="inIndustryAid">Whether the household has any standing industry grant.</param>
    public static IReadOnlyList<NeedFinding> Find(KnownHousehold household, HouseholdSupport? support, IReadOnlyCollection<AidGrant> memberGrants, bool inIndustryAid, DateOnly today)
    {
        var found = new List<NeedFinding>();
        // Needs are what a household in poverty, or one watched for falling back (防返贫监测), still lacks;
        // an exited household without a flag, or one only identified, is nobody's to help.
        if (!household.InPoverty && !household.IsMonitored) return found;

        foreach (var child in household.Members.Where(m => IsSchoolAge(m, today)))
        {
            var helped = memberGrants.Any(g => g.PersonId == child.Id && g.BenefitTypeCode.StartsWith(Education, StringComparison.Ordinal) && g.PeriodEnd >= today);
            if (!helped)
                found.Add(new(NeedKinds.EducationAid, child.Id, NeedCategory.Education, 3,
                    $"A child of school age ({child.SchoolingStage}) receives no education aid for the current period"));
        }

        if (support?.MedicalGuaranteeMet == false)
            found.Add(new(NeedKinds.Uninsured, null, NeedCategory.Medical, 4,
                $"Basic medical insurance is not guaranteed ({support.MedicalYear}): {support.MedicalExplanation}"));

        foreach (var ill in household.Members.Where(m => m.Health == HealthStatus.SeriousIllness))
        {
            var expense = support?.Members.SingleOrDefault(m => m.PersonId == ill.Id);
            if (expense?.LargeExpenseAt is not { } at) continue;
            // Aid towards the member's medical costs since the expense lowers what is left to bear.
            var since = DateOnly.FromDateTime(at);
            var covered = memberGrants.Where(g => g.PersonId == ill.Id && g.BenefitTypeCode.StartsWith(Medical, StringComparison.Ordinal) && g.PeriodEnd >= since)
                .Sum(g => g.ValueFen);
            if (covered < expense.LargeExpenseOutOfPocketFen)
                found.Add(new(NeedKinds.SeriousIllnessCost, ill.Id, NeedCategory.Medical, 5, string.Create(CultureInfo.InvariantCulture,
                    $"A seriously ill member bears {expense.LargeExpenseOutOfPocketFen / 100m:0.00} yuan out of pocket (claim {expense.LargeExpenseClaimId}); {covered / 100m:0.00} covered by aid since")));
        }

        if (household.PovertyCauses.Contains(PovertyCause.LackOfCapital) && support?.IndustryProject is null
            && !inIndustryAid)
            found.Add(new(NeedKinds.CapitalWithoutProject, null, NeedCategory.Industry, 2,
                "Poor for lack of capital (缺资金) and in no industry project"));

        if (household.Housing is HousingCondition.Dangerous or HousingCondition.NeedsRepair)
            found.Add(new(NeedKinds.UnsafeHousing, null, NeedCategory.Housing, household.Housing == HousingCondition.Dangerous ? 5 : 3,
                household.Housing == HousingCondition.Dangerous ? "The dwelling is dangerous (危房)" : "The dwelling needs repair"));
        return found;
    }

    /// <summary>The kinds of need a grant can meet (<see cref="CanMeet"/>); the others only a department's facts or the registry change.</summary>
    public static readonly IReadOnlyList<string> KindsMetByGrants = [NeedKinds.EducationAid, NeedKinds.SeriousIllnessCost, NeedKinds.CapitalWithoutProject];

    /// <summary>
    /// Whether a grant could meet an open need. Grants only ever meet needs, never open one: education
    /// aid a child's (for a period not yet over, as <see cref="Find"/> counts it), medical aid a patient's
    /// cost, industry aid the household's lack of capital. Nothing granted meets an uninsured member's
    /// need or a dangerous house.
    /// </summary>
    public static bool CanMeet(string needKind, Guid? needPersonId, AidGranted grant, DateOnly today) => needKind switch
    {
        NeedKinds.EducationAid => grant.PersonId == needPersonId && grant.BenefitTypeCode.StartsWith(Education, StringComparison.Ordinal) && grant.PeriodEnd >= today,
        NeedKinds.SeriousIllnessCost => grant.PersonId == needPersonId && grant.BenefitTypeCode.StartsWith(Medical, StringComparison.Ordinal),
        NeedKinds.CapitalWithoutProject => grant.BenefitTypeCode.StartsWith(Industry, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>
    /// Whether a grant that <see cref="CanMeet"/> a need of this kind meets it outright: with the grant,
    /// <see cref="Find"/> no longer finds the need, whatever else the household has. A child's education
    /// aid and a household's industry aid are such; a patient's cost is met only once aid adds up to it.
    /// </summary>
    public static bool MeetsOutright(string needKind) => needKind is NeedKinds.EducationAid or NeedKinds.CapitalWithoutProject;

    /// <summary>Compulsory-school age (6 to 15), or older and still in primary or secondary school.</summary>
    public static bool IsSchoolAge(KnownMember m, DateOnly today) =>
        m.AgeOn(today) is var age && (age is >= 6 and <= 15
            || (age is > 15 and <= 18 && m.SchoolingStage is SchoolingStage.Primary or SchoolingStage.JuniorMiddle or SchoolingStage.SeniorHigh or SchoolingStage.SecondaryVocational));
}
