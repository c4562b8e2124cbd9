namespace Coordination.Education.Domain;

public enum BenefitType
{
    TuitionWaiver = 1, LivingSubsidy = 2, BoardingSubsidy = 3, PreschoolSubsidy = 4, VocationalTraining = 5, Scholarship = 6,
}

/// <summary>A benefit given to a student for a term, reported to the household's ledger as AidGranted.</summary>
public sealed class BenefitGrant
{
    public Guid Id { get; set; }

    /// <summary>The caller's idempotency key.</summary>
    public string RequestId { get; set; } = "";

    public Guid PersonId { get; set; }

    public Guid HouseholdId { get; set; }

    public string Term { get; set; } = "";

    public BenefitType BenefitType { get; set; }

    public long AmountFen { get; set; }

    public string Programme { get; set; } = "";

    public string SchoolCode { get; set; } = "";

    public Stage Stage { get; set; }

    public DateTime GrantedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevocationReason { get; set; }

    /// <summary>
    /// "person/term/benefit" while the grant stands, null once revoked: a unique index on it lets the
    /// database enforce one benefit of a kind per student per term even against concurrent grants.
    /// </summary>
    public string? ActiveSlot { get; set; }

    public static string SlotOf(Guid personId, string term, BenefitType type) => $"{personId:N}/{term}/{(int)type}";
}

/// <summary>The education programme's terms for one benefit: which stages may receive it, its code in the suite's benefit catalogue, its usual name.</summary>
public sealed record EducationBenefit(BenefitType Type, string Code, string Programme, IReadOnlySet<Stage> Stages, bool BoardersOnly = false, bool InKind = false);

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
