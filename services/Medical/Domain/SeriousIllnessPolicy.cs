namespace Coordination.Medical.Domain;

/// <summary>大病保险: a share of what basic insurance left above its deductible (lowered for the poor).</summary>
public sealed class SeriousIllnessPolicy
{
    public long DeductibleFen { get; set; } = 1_000_000;
    public long PoorMemberDeductibleFen { get; set; } = 500_000;
    public int RatePercent { get; set; } = 60;
    public long AnnualCapFen { get; set; } = 30_000_000;
}
