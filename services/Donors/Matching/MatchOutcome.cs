using Coordination.Donors.Domain;

namespace Coordination.Donors.Matching;

public sealed record MatchOutcome(IReadOnlyList<Allocation> Allocations, IReadOnlyList<Refusal> Refusals);
