namespace Coordination.BuildingBlocks.Aid;

/// <summary>A benefit held, or about to be, by a person (or, person-less, by the household) over a period.</summary>
public readonly record struct BenefitPeriod(Guid HouseholdId, Guid? PersonId, string BenefitTypeCode, DateOnly PeriodStart, DateOnly PeriodEnd);
