namespace Coordination.Households.Lifecycle;

/// <summary>Configuration "Exit".</summary>
public sealed class ExitOptions
{
    public const string Section = "Exit";

    /// <summary>Whether the registry refuses an exit the ledger's evaluation does not allow (on in every deployment).</summary>
    public bool Enforce { get; set; } = true;
}
