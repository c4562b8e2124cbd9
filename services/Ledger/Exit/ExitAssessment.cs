namespace Coordination.Ledger.Exit;

public sealed record ExitAssessment(Guid HouseholdId, IReadOnlyList<ExitCondition> Conditions)
{
    public bool Eligible => Conditions.All(c => c.Met);
}
