namespace Coordination.Medical.Domain;

/// <summary>A medical bill of one member and what each payer reimbursed of it.</summary>
public sealed class Claim
{
    public Guid Id { get; set; }

    /// <summary>The caller's idempotency key; unique.</summary>
    public string RequestId { get; set; } = "";

    public Guid HouseholdId { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>The household's region when filed, for queries by region.</summary>
    public string RegionCode { get; set; } = "";

    public string Hospital { get; set; } = "";

    public DateOnly ServiceDate { get; set; }

    public long TotalCostFen { get; set; }

    public DiagnosisCategory DiagnosisCategory { get; set; }

    public CareType CareType { get; set; }

    public bool RegisteredPoor { get; set; }

    public bool Insured { get; set; }

    public bool LargeExpense { get; set; }

    public DateTime FiledAt { get; set; }

    /// <summary>Bumped by every added reimbursement, so two concurrent ones cannot both pass the bill check.</summary>
    public int Version { get; set; }

    public List<Reimbursement> Reimbursements { get; set; } = [];

    public long ReimbursedFen => Reimbursements.Sum(r => r.AmountFen);

    public long OutOfPocketFen => TotalCostFen - ReimbursedFen;
}
