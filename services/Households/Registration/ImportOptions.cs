namespace Coordination.Households.Registration;

/// <summary>Configuration "Import": how much one import stream may hold and for how long it may run.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>Rows per stream: a province's registry is imported county by county.</summary>
    public int MaxRows { get; set; } = 1_000_000;

    /// <summary>A stream open longer than this is ended, so a client that trickles rows cannot hold a connection and a DbContext for ever.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(2);
}
