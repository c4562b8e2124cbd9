namespace Coordination.Medical.Domain;

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
