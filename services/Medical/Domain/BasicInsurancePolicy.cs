namespace Coordination.Medical.Domain;

/// <summary>城乡居民基本医疗保险: a share of the bill above a deductible, up to an annual cap per member.</summary>
public sealed class BasicInsurancePolicy
{
    public long InpatientDeductibleFen { get; set; } = 50_000;
    public int InpatientRatePercent { get; set; } = 70;
    public long OutpatientDeductibleFen { get; set; } = 0;
    public int OutpatientRatePercent { get; set; } = 50;
    public long AnnualCapFen { get; set; } = 15_000_000;
}
