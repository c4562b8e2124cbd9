namespace Coordination.Medical.Aid;

public sealed record GuaranteeAssessment(Guid HouseholdId, int Year, bool Met, string Explanation, IReadOnlyList<Guid> UninsuredPersonIds);
