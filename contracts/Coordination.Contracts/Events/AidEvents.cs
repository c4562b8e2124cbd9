namespace Coordination.Contracts.Events;

// The one aid contract of the suite: every department and enterprise reports each grant with it,
// and the households' ledger keeps them all. Money is integer fen, never a float.

/// <param name="GrantId">The granting side's own id for the grant; the ledger is idempotent on it.</param>
/// <param name="PersonId">The member the aid is for, when it is personal (a tuition waiver, a reimbursement).</param>
/// <param name="Programme">The programme it belongs to, e.g. "雨露计划" or a project's name.</param>
/// <param name="BenefitTypeCode">A code of the benefit catalogue, e.g. "education.tuition-waiver".</param>
/// <param name="InKindValueFen">The valuation of goods or services given in kind; 0 for cash.</param>
/// <param name="ExpenseReference">The expense the aid pays towards (a medical bill), for rules capped by it.</param>
/// <param name="ExpenseAmountFen">The whole of that expense.</param>
public sealed record AidGranted(
    Guid GrantId,
    Guid HouseholdId,
    Guid? PersonId,
    Grantor Grantor,
    string Programme,
    string BenefitTypeCode,
    long AmountFen,
    long InKindValueFen,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateTime GrantedAt,
    string? ExpenseReference = null,
    long? ExpenseAmountFen = null);

/// <param name="ReplacedByGrantId">Set when a correction revokes a grant and grants anew.</param>
public sealed record AidRevoked(
    Guid GrantId,
    Guid HouseholdId,
    Grantor Grantor,
    string Reason,
    DateTime RevokedAt,
    Guid? ReplacedByGrantId = null);

/// <summary>A grant broke a rule of the benefit catalogue together with other grants.</summary>
public sealed record AidDuplicateDetected(
    Guid DetectionId,
    Guid HouseholdId,
    string Rule,
    string BenefitTypeCode,
    IReadOnlyList<Guid> GrantIds,
    string Explanation,
    DateTime DetectedAt);

/// <summary>A household lacks help in a category (a school-age child without education aid, an uninsured member...).</summary>
public sealed record NeedOpened(
    Guid NeedId,
    Guid HouseholdId,
    Guid? PersonId,
    string RegionCode,
    NeedCategory Category,
    int Severity,
    string Reason,
    DateTime OpenedAt);

public sealed record NeedClosed(Guid NeedId, Guid HouseholdId, string Reason, DateTime ClosedAt);
