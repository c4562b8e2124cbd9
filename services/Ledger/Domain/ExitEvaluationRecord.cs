namespace Coordination.Ledger.Domain;

/// <summary>
/// The exit evaluation last published for a household (HouseholdExitEvaluated): a new one is
/// published only when its outcome or the household's version differs from this.
/// </summary>
public sealed class ExitEvaluationRecord
{
    public Guid HouseholdId { get; set; }

    public long HouseholdVersion { get; set; }

    public bool Eligible { get; set; }

    /// <summary>The conditions as published, one "code:met:explanation" line each, to compare with the next evaluation.</summary>
    public string Outcome { get; set; } = "";

    public DateTime EvaluatedAt { get; set; }
}
