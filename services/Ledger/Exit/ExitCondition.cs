namespace Coordination.Ledger.Exit;

/// <summary>One condition of 如何退, met or not, and why.</summary>
public sealed record ExitCondition(string Code, bool Met, string Explanation);
