namespace Coordination.Households.Domain;

/// <summary>
/// The ledger's latest exit evaluation of a household (如何退, from HouseholdExitEvaluated): the
/// registry owns the status, the ledger the conditions, so an exit is decided on this copy.
/// </summary>
public sealed class ExitEvaluation
{
    public Guid HouseholdId { get; set; }

    /// <summary>The household's version the ledger judged: an exit is decided only on an evaluation of the current one.</summary>
    public long HouseholdVersion { get; set; }

    public bool Eligible { get; set; }

    /// <summary>The failing conditions, "code: explanation" each, joined by "; "; empty when eligible.</summary>
    public string Failing { get; set; } = "";

    public DateTime EvaluatedAt { get; set; }
}
