namespace Coordination.Education.Domain;

public static class EducationBenefits
{
    private static readonly Dictionary<BenefitType, EducationBenefit> Rules = new EducationBenefit[]
    {
        // 两免一补 and 免学杂费: compulsory education, senior high and secondary vocational school.
        new(BenefitType.TuitionWaiver, "education.tuition-waiver", "免学杂费",
            new HashSet<Stage> { Stage.Primary, Stage.JuniorMiddle, Stage.SeniorHigh, Stage.SecondaryVocational }, InKind: true),
        new(BenefitType.LivingSubsidy, "education.living-subsidy", "生活补助",
            new HashSet<Stage> { Stage.Primary, Stage.JuniorMiddle, Stage.SeniorHigh, Stage.SecondaryVocational, Stage.Higher }),
        new(BenefitType.BoardingSubsidy, "education.boarding-subsidy", "寄宿生生活补助",
            new HashSet<Stage> { Stage.Primary, Stage.JuniorMiddle, Stage.SeniorHigh, Stage.SecondaryVocational }, BoardersOnly: true),
        new(BenefitType.PreschoolSubsidy, "education.preschool-subsidy", "学前教育资助",
            new HashSet<Stage> { Stage.Preschool }),
        // 雨露计划 supports children of registered households in secondary and higher vocational education.
        new(BenefitType.VocationalTraining, "education.vocational-training", "雨露计划",
            new HashSet<Stage> { Stage.SecondaryVocational, Stage.Higher }),
        new(BenefitType.Scholarship, "education.scholarship", "奖助学金",
            new HashSet<Stage> { Stage.SeniorHigh, Stage.SecondaryVocational, Stage.Higher }),
    }.ToDictionary(r => r.Type);

    public static EducationBenefit For(BenefitType type) => Rules[type];
}
