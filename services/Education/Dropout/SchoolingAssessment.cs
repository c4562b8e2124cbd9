using Coordination.BuildingBlocks.Households;
using Coordination.Education.Domain;

namespace Coordination.Education.Dropout;

/// <summary>What education knows of a household's schooling in a term.</summary>
/// <param name="Active">A registered household (or within its buffer period) whose children are watched.</param>
public sealed record SchoolingAssessment(
    Guid HouseholdId, Term Term, bool Active, IReadOnlyList<KnownMember> SchoolAge, IReadOnlyList<KnownMember> Unenrolled, string Explanation)
{
    public bool Met => Unenrolled.Count == 0;
}
