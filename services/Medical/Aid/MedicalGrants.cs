using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Medical.Domain;

namespace Coordination.Medical.Aid;

/// <summary>How medical reports its aid in the suite's one aid contract (AidGranted).</summary>
public static class MedicalGrants
{
    public static readonly Grantor Grantor = new(GrantorKind.Department, Extensions.ServiceName, "健康扶贫");

    public const string PremiumSubsidy = "medical.premium-subsidy";

    public static string BenefitTypeCode(ReimbursementKind kind) => kind switch
    {
        ReimbursementKind.BasicInsurance => "medical.basic-insurance",
        ReimbursementKind.SeriousIllnessInsurance => "medical.serious-illness-insurance",
        ReimbursementKind.MedicalAssistance => "medical.assistance",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string Programme(ReimbursementKind kind) => kind switch
    {
        ReimbursementKind.BasicInsurance => "城乡居民基本医疗保险",
        ReimbursementKind.SeriousIllnessInsurance => "大病保险",
        _ => "医疗救助",
    };

    public static AidGranted ForSubsidy(InsuranceEnrolment e) => new(
        e.SubsidyGrantId!.Value, e.HouseholdId, e.PersonId, Grantor, "城乡居民医保参保资助", PremiumSubsidy,
        e.PremiumSubsidyFen, 0, new DateOnly(e.Year, 1, 1), new DateOnly(e.Year, 12, 31), e.EnrolledAt);

    /// <summary>The claim is the expense: the ledger checks that reimbursements of one bill stay within it.</summary>
    public static AidGranted ForReimbursement(Claim claim, Reimbursement r) => new(
        r.Id, claim.HouseholdId, claim.PersonId, Grantor, Programme(r.Kind), BenefitTypeCode(r.Kind),
        r.AmountFen, 0, claim.ServiceDate, claim.ServiceDate, r.GrantedAt,
        ExpenseReference: claim.Id.ToString(), ExpenseAmountFen: claim.TotalCostFen);
}
