namespace Coordination.Medical.Domain;

// The numbers match the gRPC enums of coordination.medical.v1, so a cast maps one to the other.

public enum CareType { Inpatient = 1, Outpatient = 2 }

public enum DiagnosisCategory { CommonIllness = 1, ChronicIllness = 2, SeriousIllness = 3, Injury = 4, Maternity = 5 }

public enum ReimbursementKind { BasicInsurance = 1, SeriousIllnessInsurance = 2, MedicalAssistance = 3 }

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

/// <summary>One payer's payment towards a claim; its id is the AidGranted grant id.</summary>
public sealed class Reimbursement
{
    public Guid Id { get; set; }

    public Guid ClaimId { get; set; }

    public ReimbursementKind Kind { get; set; }

    public long AmountFen { get; set; }

    /// <summary>The caller's key of a reimbursement added after filing; null for those computed at filing.</summary>
    public string? RequestId { get; set; }

    public string Reason { get; set; } = "";

    public DateTime GrantedAt { get; set; }
}

/// <summary>Basic medical insurance of one member for one year, with the premium subsidy if any.</summary>
public sealed class InsuranceEnrolment
{
    public Guid Id { get; set; }

    public Guid HouseholdId { get; set; }

    public Guid PersonId { get; set; }

    public int Year { get; set; }

    public long PremiumFen { get; set; }

    public long PremiumSubsidyFen { get; set; }

    public Guid? SubsidyGrantId { get; set; }

    public DateTime EnrolledAt { get; set; }
}

/// <summary>The medical guarantee last published for a household and year, so only changes are published.</summary>
public sealed class MedicalGuaranteeState
{
    public Guid HouseholdId { get; set; }

    public int Year { get; set; }

    public bool Met { get; set; }

    public string Explanation { get; set; } = "";

    public DateTime ChangedAt { get; set; }

    /// <summary>The registry's version of the household whose members were last assessed.</summary>
    public long HouseholdVersion { get; set; }

    /// <summary>Bumped by every enrolment of the household's members, so concurrent enrolments serialise.</summary>
    public int Version { get; set; }
}
