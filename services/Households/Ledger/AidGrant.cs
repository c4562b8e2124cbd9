using Coordination.Contracts;

namespace Coordination.Households.Ledger;

/// <summary>
/// One grant as a department or enterprise reported it (AidGranted), kept whatever happens to it:
/// a revocation marks it, so the ledger still shows what was given and taken back.
/// </summary>
public sealed class AidGrant
{
    public Guid GrantId { get; set; }

    public Guid HouseholdId { get; set; }

    public Guid? PersonId { get; set; }

    public GrantorKind GrantorKind { get; set; }

    public string GrantorCode { get; set; } = "";

    public string GrantorName { get; set; } = "";

    public string Programme { get; set; } = "";

    public string BenefitTypeCode { get; set; } = "";

    public long AmountFen { get; set; }

    public long InKindValueFen { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    /// <summary>The year the aid counts for: the year its period starts.</summary>
    public int Year { get; set; }

    public DateTime GrantedAt { get; set; }

    public string? ExpenseReference { get; set; }

    public long? ExpenseAmountFen { get; set; }

    public DateTime RecordedAt { get; set; }

    public bool Revoked { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevocationReason { get; set; }

    public Guid? ReplacedByGrantId { get; set; }

    /// <summary>What the aid is worth: cash and goods or services in kind alike (a tuition waiver is often only the latter).</summary>
    public long ValueFen => AmountFen + InKindValueFen;
}

/// <summary>A rule of the benefit catalogue broken by a grant together with others, listed for coordinators.</summary>
public sealed class AidDuplicate
{
    public Guid Id { get; set; }

    public Guid HouseholdId { get; set; }

    public string RegionCode { get; set; } = "";

    public string Rule { get; set; } = "";

    public string BenefitTypeCode { get; set; } = "";

    /// <summary>The grant that broke the rule; the others are in <see cref="GrantIds"/>.</summary>
    public Guid TriggeringGrantId { get; set; }

    public List<Guid> GrantIds { get; set; } = [];

    public string Explanation { get; set; } = "";

    public DateTime DetectedAt { get; set; }
}

/// <summary>
/// One row per household in the ledger, locked by every grant before the rules look at the
/// household's other grants: the row lock makes two grants of one household wait for each other
/// (a first-ever pair collides on the key and is retried), so neither is judged without the other.
/// See <see cref="LedgerLock"/>; SQLite, whose writers never overlap, keeps no rows.
/// </summary>
public sealed class AidLedgerHousehold
{
    public Guid HouseholdId { get; set; }
}
