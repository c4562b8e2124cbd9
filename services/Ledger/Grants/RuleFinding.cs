namespace Coordination.Ledger.Grants;

/// <summary>A rule of the catalogue that a grant would break, with the grants involved (the new one first).</summary>
public sealed record RuleFinding(string Rule, string BenefitTypeCode, IReadOnlyList<Guid> GrantIds, string Explanation);
