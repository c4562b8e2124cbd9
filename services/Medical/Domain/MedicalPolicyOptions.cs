namespace Coordination.Medical.Domain;

/// <summary>
/// The reimbursement policy, configured per deployment (section "Medical:Policy"): counties set
/// their own deductibles, rates and caps every year. Rates are whole percents so that every
/// amount stays exact integer fen. The defaults are typical figures, not any county's.
/// </summary>
public sealed class MedicalPolicyOptions
{
    public const string Section = "Medical:Policy";

    public BasicInsurancePolicy BasicInsurance { get; set; } = new();

    public SeriousIllnessPolicy SeriousIllness { get; set; } = new();

    public AssistancePolicy Assistance { get; set; } = new();

    /// <summary>Share of a registered poor member's premium paid by the premium subsidy (参保资助).</summary>
    public int PremiumSubsidyPercent { get; set; } = 100;

    /// <summary>
    /// Out of pocket above this on one claim publishes LargeMedicalExpenseIncurred (返贫 risk).
    /// A threshold relative to the household's income needs the income, which the household
    /// directory does not keep yet (see services/Medical/README.md).
    /// </summary>
    public long LargeExpenseThresholdFen { get; set; } = 500_000;

    public IEnumerable<string> Validate()
    {
        static bool Percent(int p) => p is >= 0 and <= 100;
        if (!Percent(BasicInsurance.InpatientRatePercent) || !Percent(BasicInsurance.OutpatientRatePercent)
            || !Percent(SeriousIllness.RatePercent) || !Percent(Assistance.RatePercent)
            || !Percent(Assistance.MaxOutOfPocketPercent) || !Percent(PremiumSubsidyPercent))
            yield return "Every rate of Medical:Policy is a whole percent from 0 to 100.";
        if (BasicInsurance.InpatientDeductibleFen < 0 || BasicInsurance.OutpatientDeductibleFen < 0
            || SeriousIllness.DeductibleFen < 0 || SeriousIllness.PoorMemberDeductibleFen < 0
            || BasicInsurance.AnnualCapFen < 0 || SeriousIllness.AnnualCapFen < 0 || Assistance.AnnualCapFen < 0
            || LargeExpenseThresholdFen < 0)
            yield return "Deductibles, caps and the large-expense threshold of Medical:Policy are not negative.";
    }
}
