namespace Coordination.Education.Domain;

public enum BenefitType
{
    TuitionWaiver = 1, LivingSubsidy = 2, BoardingSubsidy = 3, PreschoolSubsidy = 4, VocationalTraining = 5, Scholarship = 6,
}
