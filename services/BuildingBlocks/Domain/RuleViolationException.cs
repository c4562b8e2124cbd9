namespace Coordination.BuildingBlocks.Domain;

/// <summary>A business rule forbids the change → FailedPrecondition with google.rpc.PreconditionFailure.</summary>
/// <param name="rule">A stable, machine-readable name of the rule, e.g. "exit.income-above-line".</param>
public sealed class RuleViolationException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}
