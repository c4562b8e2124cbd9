namespace Coordination.BuildingBlocks.Households;

public sealed class HouseholdDirectoryOptions
{
    public const string Section = "Households";

    /// <summary>摘帽不摘政策: years after the exit year during which an exited household keeps its policies.</summary>
    public int BufferPeriodYears { get; set; } = 5;
}
