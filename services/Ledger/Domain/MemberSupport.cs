namespace Coordination.Ledger.Domain;

/// <summary>Facts about one member: a large out-of-pocket medical cost, a dropout alert not cleared.</summary>
public sealed class MemberSupport
{
    public Guid HouseholdId { get; set; }

    public Guid PersonId { get; set; }

    public Guid? LargeExpenseClaimId { get; set; }

    public long LargeExpenseOutOfPocketFen { get; set; }

    public DateTime? LargeExpenseAt { get; set; }

    /// <summary>The term of an open dropout alert (控辍保学); null when none is open.</summary>
    public string? DropoutTerm { get; set; }
}
