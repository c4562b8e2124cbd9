namespace Coordination.Ledger.Exit;

/// <summary>Configuration "Exit".</summary>
public sealed class ExitOptions
{
    public const string Section = "Exit";

    /// <summary>The poverty line: income per person and year (fen) the household must be above.</summary>
    public long PovertyLineFen { get; set; } = 400_000;
}
