namespace Coordination.Industry.Domain;

/// <summary>
/// Money a project paid to an enrolled household: a dividend (分红), a wage (务工) or land-transfer
/// rent (土地流转). Its id is the GrantId of the AidGranted it is published as.
/// </summary>
public sealed class Benefit
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public Guid HouseholdId { get; set; }

    public BenefitType Type { get; set; }

    public long AmountFen { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    /// <summary>The caller's request_id (idempotency key): a payment is recorded once however often it is sent.</summary>
    public string RequestId { get; set; } = "";

    public DateTime RecordedAt { get; set; }

    public Guid? CorrectsBenefitId { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevocationReason { get; set; }

    public Guid? ReplacedByBenefitId { get; set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>The code of the suite's benefit catalogue the grant is published under.</summary>
    public string BenefitTypeCode => CodeOf(Type);

    public static string CodeOf(BenefitType type) => type switch
    {
        BenefitType.Dividend => "industry.dividend",
        BenefitType.Wage => "industry.wage",
        BenefitType.LandRent => "industry.land-rent",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The role a household must hold in the project to receive a benefit of this type.</summary>
    public static EnrolmentRole RoleFor(BenefitType type) => type switch
    {
        BenefitType.Dividend => EnrolmentRole.Member,
        BenefitType.Wage => EnrolmentRole.Worker,
        _ => EnrolmentRole.LandLessor,
    };

    /// <summary>Whether a repeated request with the same key asks for exactly this payment.</summary>
    public bool SameContentAs(Guid projectId, Guid householdId, BenefitType type, long amountFen, DateOnly start, DateOnly end, Guid? corrects) =>
        ProjectId == projectId && HouseholdId == householdId && Type == type && AmountFen == amountFen
        && PeriodStart == start && PeriodEnd == end && CorrectsBenefitId == corrects;
}
