namespace Coordination.Medical.Domain;

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
