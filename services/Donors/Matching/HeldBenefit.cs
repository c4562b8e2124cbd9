namespace Coordination.Donors.Matching;

/// <summary>A benefit a household holds or will hold: a grant of any grantor, or an allocation of this service.</summary>
public sealed record HeldBenefit(
    Guid HouseholdId, Guid? PersonId, string BenefitTypeCode, DateOnly PeriodStart, DateOnly PeriodEnd, string Source);
