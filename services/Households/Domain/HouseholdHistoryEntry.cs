using Coordination.Contracts;

namespace Coordination.Households.Domain;

/// <summary>Who changed what about a household, when and why: status changes and monitoring flags.</summary>
public sealed class HouseholdHistoryEntry
{
    private HouseholdHistoryEntry() { }

    public Guid Id { get; private set; }

    public Guid HouseholdId { get; private set; }

    public HistoryEntryKind Kind { get; private set; }

    public HouseholdStatus? From { get; private set; }

    public HouseholdStatus? To { get; private set; }

    public int? ExitYear { get; private set; }

    public MonitoringCategory? Category { get; private set; }

    public string Reason { get; private set; } = "";

    public string By { get; private set; } = "";

    public DateTime At { get; private set; }

    /// <summary>The household's version after a status change or a merge.</summary>
    public long? Version { get; private set; }

    /// <summary>For merges: the other household.</summary>
    public Guid? RelatedHouseholdId { get; private set; }

    /// <summary>A merge, seen from one of its two households.</summary>
    public static HouseholdHistoryEntry Merge(Guid householdId, HistoryEntryKind kind, Guid other, string reason, string by, DateTime at, long version) => new()
    {
        Id = Guid.CreateVersion7(at), HouseholdId = householdId, Kind = kind, RelatedHouseholdId = other, Reason = reason, By = by, At = at, Version = version,
    };

    public static HouseholdHistoryEntry StatusChanged(
        Guid householdId, HouseholdStatus from, HouseholdStatus to, int? exitYear, string reason, string by, DateTime at, long version) => new()
    {
        Id = Guid.CreateVersion7(at), HouseholdId = householdId, Kind = HistoryEntryKind.StatusChanged,
        From = from, To = to, ExitYear = exitYear, Reason = reason, By = by, At = at, Version = version,
    };

    public static HouseholdHistoryEntry Flag(Guid householdId, HistoryEntryKind kind, MonitoringCategory category, string reason, string by, DateTime at) => new()
    {
        Id = Guid.CreateVersion7(at), HouseholdId = householdId, Kind = kind, Category = category, Reason = reason, By = by, At = at,
    };
}
