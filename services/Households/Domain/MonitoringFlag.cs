using Coordination.Contracts;

namespace Coordination.Households.Domain;

/// <summary>
/// A monitoring flag (防返贫监测) of one category on one household. The row stays when the flag is
/// cleared and is raised again in place: its key (household, category) keeps a category from being
/// raised twice by concurrent calls. The history table keeps every raise and clear.
/// </summary>
public sealed class MonitoringFlag
{
    private MonitoringFlag() { }

    public Guid HouseholdId { get; private set; }

    public MonitoringCategory Category { get; private set; }

    public bool Active { get; private set; }

    public string Reason { get; private set; } = "";

    public string RaisedBy { get; private set; } = "";

    public DateTime RaisedAt { get; private set; }

    public static MonitoringFlag New(Guid householdId, MonitoringCategory category) => new() { HouseholdId = householdId, Category = category };

    public void Raise(string reason, string by, DateTime now)
    {
        Active = true;
        Reason = reason;
        RaisedBy = by;
        RaisedAt = now;
    }

    public void Clear() => Active = false;
}
