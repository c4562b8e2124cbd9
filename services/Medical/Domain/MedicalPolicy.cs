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

/// <summary>城乡居民基本医疗保险: a share of the bill above a deductible, up to an annual cap per member.</summary>
public sealed class BasicInsurancePolicy
{
    public long InpatientDeductibleFen { get; set; } = 50_000;
    public int InpatientRatePercent { get; set; } = 70;
    public long OutpatientDeductibleFen { get; set; } = 0;
    public int OutpatientRatePercent { get; set; } = 50;
    public long AnnualCapFen { get; set; } = 15_000_000;
}

/// <summary>大病保险: a share of what basic insurance left above its deductible (lowered for the poor).</summary>
public sealed class SeriousIllnessPolicy
{
    public long DeductibleFen { get; set; } = 1_000_000;
    public long PoorMemberDeductibleFen { get; set; } = 500_000;
    public int RatePercent { get; set; } = 60;
    public long AnnualCapFen { get; set; } = 30_000_000;
}

/// <summary>医疗救助, for registered poor members only.</summary>
public sealed class AssistancePolicy
{
    public int RatePercent { get; set; } = 70;
    public long AnnualCapFen { get; set; } = 3_000_000;

    /// <summary>
    /// The guarantee (兜底): a registered poor member never pays more than this share of a bill;
    /// assistance makes up the difference even past its annual cap.
    /// </summary>
    public int MaxOutOfPocketPercent { get; set; } = 10;
}

/// <param name="Insured">Enrolled in basic insurance for the bill's year; serious-illness insurance rides on it.</param>
/// <param name="BasicUsedFen">Reimbursed to the member by basic insurance earlier in the year (for the annual cap).</param>
public sealed record ClaimFacts(
    long TotalCostFen,
    CareType CareType,
    bool Insured,
    bool RegisteredPoor,
    long BasicUsedFen = 0,
    long SeriousIllnessUsedFen = 0,
    long AssistanceUsedFen = 0);

public sealed record ReimbursementPlan(long BasicFen, long SeriousIllnessFen, long AssistanceFen, long TotalCostFen)
{
    public long ReimbursedFen => BasicFen + SeriousIllnessFen + AssistanceFen;

    public long OutOfPocketFen => TotalCostFen - ReimbursedFen;
}

public static class ReimbursementCalculator
{
    /// <summary>
    /// One bill through the three payers in their legal order (一站式结算): each pays from what the
    /// previous ones left, so the sum can never pass the bill.
    /// </summary>
    public static ReimbursementPlan Plan(ClaimFacts facts, MedicalPolicyOptions policy)
    {
        var total = facts.TotalCostFen;
        long basic = 0, serious = 0, assistance = 0;
        if (facts.Insured)
        {
            var b = policy.BasicInsurance;
            var (deductible, rate) = facts.CareType == CareType.Inpatient
                ? (b.InpatientDeductibleFen, b.InpatientRatePercent)
                : (b.OutpatientDeductibleFen, b.OutpatientRatePercent);
            basic = Capped(Share(total - deductible, rate), b.AnnualCapFen - facts.BasicUsedFen);

            var s = policy.SeriousIllness;
            var seriousDeductible = facts.RegisteredPoor ? s.PoorMemberDeductibleFen : s.DeductibleFen;
            serious = Capped(Share(total - basic - seriousDeductible, s.RatePercent), s.AnnualCapFen - facts.SeriousIllnessUsedFen);
        }
        if (facts.RegisteredPoor)
        {
            var a = policy.Assistance;
            var left = total - basic - serious;
            assistance = Capped(Share(left, a.RatePercent), a.AnnualCapFen - facts.AssistanceUsedFen);
            var maxOutOfPocket = total * a.MaxOutOfPocketPercent / 100;
            if (left - assistance > maxOutOfPocket) assistance = left - maxOutOfPocket;
        }
        return new ReimbursementPlan(basic, serious, assistance, total);
    }

    // Rounded down: a payer never pays a fraction of a fen more than its rate.
    private static long Share(long amount, int percent) => amount <= 0 ? 0 : amount * percent / 100;

    private static long Capped(long amount, long remainingCap) => Math.Max(0, Math.Min(amount, remainingCap));
}
