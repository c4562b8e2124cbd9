namespace Coordination.Education.Domain;

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
