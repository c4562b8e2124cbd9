using Coordination.Contracts;

namespace Coordination.Donors.Domain;

/// <summary>
/// A household's need (NeedOpened), kept until NeedClosed. Learnt from the ledger's events, never
/// read from its database.
/// </summary>
public sealed class OpenNeed
{
    public Guid Id { get; set; }

    public Guid HouseholdId { get; set; }

    public Guid? PersonId { get; set; }

    public string RegionCode { get; set; } = "";

    public NeedCategory Category { get; set; }

    public int Severity { get; set; }

    public string Reason { get; set; } = "";

    public DateTime OpenedAt { get; set; }

    /// <summary>Set by NeedClosed; a closed need stays so that a late NeedOpened does not reopen it.</summary>
    public DateTime? ClosedAt { get; set; }

    public bool IsOpen => ClosedAt is null;
}
