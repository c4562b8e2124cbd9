namespace Coordination.Contracts.Events;

/// <summary>One condition of 如何退 as the ledger judged it: met or not, and why.</summary>
public sealed record ExitConditionOutcome(string Code, bool Met, string Explanation);

/// <summary>
/// The ledger's exit evaluation (如何退: the poverty line and 两不愁三保障) of a household, published
/// whenever its outcome or the household's version changes. The registry keeps the latest to guard
/// an exit: it refuses one that this evaluation, of the household's current version, does not allow.
/// </summary>
public sealed record HouseholdExitEvaluated(
    Guid HouseholdId,
    long HouseholdVersion,
    bool Eligible,
    IReadOnlyList<ExitConditionOutcome> Conditions,
    DateTime EvaluatedAt);
