namespace Coordination.Contracts.Events;

// Facts the departments establish that the registry's exit rule (两不愁三保障) and its 返贫
// warnings rely on.

/// <summary>Whether every school-age member of a household is enrolled this term.</summary>
public sealed record EducationGuaranteeChanged(Guid HouseholdId, string Term, bool Met, string Explanation, DateTime ChangedAt);

/// <summary>控辍保学: a school-age member is not enrolled this term.</summary>
public sealed record DropoutAlertRaised(Guid HouseholdId, Guid PersonId, string Term, DateTime RaisedAt);

public sealed record DropoutAlertCleared(Guid HouseholdId, Guid PersonId, string Term, DateTime ClearedAt);

/// <summary>Whether every member of a household has basic medical insurance for the year.</summary>
public sealed record MedicalGuaranteeChanged(Guid HouseholdId, int Year, bool Met, string Explanation, DateTime ChangedAt);

/// <summary>An out-of-pocket medical cost above the policy's threshold: a 返贫 risk.</summary>
public sealed record LargeMedicalExpenseIncurred(
    Guid HouseholdId,
    Guid PersonId,
    Guid ClaimId,
    long TotalCostFen,
    long OutOfPocketFen,
    DateTime IncurredAt);

/// <summary>A coordinator approved an enterprise's registration (万企帮万村).</summary>
public sealed record EnterpriseApproved(Guid EnterpriseId, string CreditCode, string Name, string RegionCode, DateTime ApprovedAt);
