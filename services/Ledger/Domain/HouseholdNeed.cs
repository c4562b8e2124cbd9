using Coordination.Contracts;

namespace Coordination.Ledger.Domain;

/// <summary>
/// A need of a household (or of one member) in a category, open until what it lacks arrives. A need
/// closed stays closed: if the lack comes back it is a new need with a new id, because the donors'
/// service keeps closed needs so that a late NeedOpened cannot reopen them.
/// </summary>
public sealed class HouseholdNeed
{
    public Guid Id { get; set; }

    public Guid HouseholdId { get; set; }

    public Guid? PersonId { get; set; }

    public string RegionCode { get; set; } = "";

    public NeedCategory Category { get; set; }

    /// <summary>Which rule found it (see <see cref="NeedKinds"/>); with the person, what makes a need the same need.</summary>
    public string Kind { get; set; } = "";

    /// <summary>1 (mild) to 5 (urgent); donors match the most severe first.</summary>
    public int Severity { get; set; }

    public string Reason { get; set; } = "";

    public DateTime OpenedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public string? ClosedReason { get; set; }

    public bool IsOpen => ClosedAt is null;
}
