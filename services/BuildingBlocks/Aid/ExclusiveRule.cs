namespace Coordination.BuildingBlocks.Aid;

/// <summary>
/// The catalogue's exclusive rule, for the ledger judging a grant and donors judging an allocation
/// alike: a benefit once per person (per household for a person-less benefit) and overlapping
/// period, whoever grants it.
/// </summary>
public static class ExclusiveRule
{
    public static bool Clashes(BenefitPeriod candidate, BenefitPeriod held) =>
        held.HouseholdId == candidate.HouseholdId && held.PersonId == candidate.PersonId
        && string.Equals(held.BenefitTypeCode, candidate.BenefitTypeCode, StringComparison.Ordinal)
        && held.PeriodStart <= candidate.PeriodEnd && candidate.PeriodStart <= held.PeriodEnd;
}
