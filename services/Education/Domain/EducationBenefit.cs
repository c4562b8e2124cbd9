namespace Coordination.Education.Domain;

/// <summary>The education programme's terms for one benefit: which stages may receive it, its code in the suite's benefit catalogue, its usual name.</summary>
public sealed record EducationBenefit(BenefitType Type, string Code, string Programme, IReadOnlySet<Stage> Stages, bool BoardersOnly = false, bool InKind = false);
