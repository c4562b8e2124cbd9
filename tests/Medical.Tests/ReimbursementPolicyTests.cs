using Coordination.Medical.Domain;
using Xunit;

namespace Coordination.Medical.Tests;

/// <summary>The calculator on its own, with the default policy (deductibles, rates and caps in MedicalPolicyOptions).</summary>
public class ReimbursementPolicyTests
{
    private static readonly MedicalPolicyOptions Policy = new();

    [Fact]
    public void A_bill_is_paid_by_basic_insurance_then_serious_illness_insurance_then_assistance_each_from_what_the_last_left()
    {
        // 100,000 yuan in hospital, an insured registered poor member.
        var plan = ReimbursementCalculator.Plan(new ClaimFacts(10_000_000, CareType.Inpatient, Insured: true, RegisteredPoor: true), Policy);

        Assert.Equal((10_000_000 - 50_000) * 70 / 100, plan.BasicFen);                       // 6,965,000
        Assert.Equal((10_000_000 - 6_965_000 - 500_000) * 60 / 100, plan.SeriousIllnessFen); // 1,521,000 after the poor member's lower deductible
        Assert.Equal((10_000_000 - 6_965_000 - 1_521_000) * 70 / 100, plan.AssistanceFen);   // 1,059,800
        Assert.Equal(454_200, plan.OutOfPocketFen);
    }

    [Fact]
    public void A_member_who_is_not_registered_poor_gets_no_assistance_the_full_serious_illness_deductible_and_no_out_of_pocket_cap()
    {
        var plan = ReimbursementCalculator.Plan(new ClaimFacts(10_000_000, CareType.Inpatient, Insured: true, RegisteredPoor: false), Policy);

        Assert.Equal(6_965_000, plan.BasicFen);
        Assert.Equal((10_000_000 - 6_965_000 - 1_000_000) * 60 / 100, plan.SeriousIllnessFen);
        Assert.Equal(0, plan.AssistanceFen);
        Assert.True(plan.OutOfPocketFen > 10_000_000 / 10);
    }

    [Fact]
    public void Without_insurance_for_the_year_neither_insurance_pays_and_assistance_keeps_a_poor_member_within_the_out_of_pocket_cap()
    {
        var plan = ReimbursementCalculator.Plan(new ClaimFacts(1_000_000, CareType.Inpatient, Insured: false, RegisteredPoor: true), Policy);

        Assert.Equal(0, plan.BasicFen);
        Assert.Equal(0, plan.SeriousIllnessFen);
        // 70% would leave 30% to pay; the 10% cap makes assistance pay 90%.
        Assert.Equal(900_000, plan.AssistanceFen);
        Assert.Equal(100_000, plan.OutOfPocketFen);
    }

    [Fact]
    public void Annual_caps_count_what_the_member_was_reimbursed_earlier_in_the_year()
    {
        var facts = new ClaimFacts(1_000_000, CareType.Outpatient, Insured: true, RegisteredPoor: false,
            BasicUsedFen: Policy.BasicInsurance.AnnualCapFen - 100_000);

        var plan = ReimbursementCalculator.Plan(facts, Policy);

        Assert.Equal(100_000, plan.BasicFen); // 50% would be 500,000; only 100,000 of the cap is left
        var exhausted = ReimbursementCalculator.Plan(facts with { BasicUsedFen = Policy.BasicInsurance.AnnualCapFen + 1 }, Policy);
        Assert.Equal(0, exhausted.BasicFen);
    }

    [Fact]
    public void The_out_of_pocket_guarantee_for_the_poor_holds_even_when_assistance_has_used_its_annual_cap()
    {
        var facts = new ClaimFacts(2_000_000, CareType.Inpatient, Insured: true, RegisteredPoor: true,
            AssistanceUsedFen: Policy.Assistance.AnnualCapFen);

        var plan = ReimbursementCalculator.Plan(facts, Policy);

        Assert.Equal(2_000_000 / 10, plan.OutOfPocketFen);
        Assert.True(plan.AssistanceFen > 0);
    }

    [Fact]
    public void The_policy_is_configurable()
    {
        var generous = new MedicalPolicyOptions
        {
            BasicInsurance = new BasicInsurancePolicy { OutpatientDeductibleFen = 10_000, OutpatientRatePercent = 90, AnnualCapFen = 1_000_000 },
            Assistance = new AssistancePolicy { RatePercent = 0, MaxOutOfPocketPercent = 5 },
        };

        var plan = ReimbursementCalculator.Plan(new ClaimFacts(110_000, CareType.Outpatient, Insured: true, RegisteredPoor: true), generous);

        Assert.Equal(90_000, plan.BasicFen);
        Assert.Equal(0, plan.SeriousIllnessFen); // below the poor member's deductible
        Assert.Equal(110_000 - 90_000 - 5_500, plan.AssistanceFen);
        Assert.Equal(5_500, plan.OutOfPocketFen);
    }

    public static TheoryData<long, CareType, bool, bool, long> Bills()
    {
        var data = new TheoryData<long, CareType, bool, bool, long>();
        foreach (var total in new long[] { 1, 99, 50_000, 50_001, 123_457, 1_000_000, 9_999_999, 80_000_000, 10_000_000_000 })
            foreach (var care in new[] { CareType.Inpatient, CareType.Outpatient })
                foreach (var insured in new[] { true, false })
                    foreach (var poor in new[] { true, false })
                        foreach (var used in new long[] { 0, 14_999_999 })
                            data.Add(total, care, insured, poor, used);
        return data;
    }

    [Theory]
    [MemberData(nameof(Bills))]
    public void Reimbursements_never_exceed_the_bill_and_a_poor_members_share_never_exceeds_the_cap(
        long total, CareType care, bool insured, bool poor, long used)
    {
        var plan = ReimbursementCalculator.Plan(new ClaimFacts(total, care, insured, poor, used, used, used), Policy);

        Assert.All(new[] { plan.BasicFen, plan.SeriousIllnessFen, plan.AssistanceFen }, a => Assert.InRange(a, 0, total));
        Assert.InRange(plan.ReimbursedFen, 0, total);
        if (poor) Assert.True(plan.OutOfPocketFen <= total * Policy.Assistance.MaxOutOfPocketPercent / 100, $"out of pocket {plan.OutOfPocketFen} of {total}");
    }
}
