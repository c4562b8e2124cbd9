using Coordination.Contracts;

namespace Coordination.Ledger.Domain;

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
