using Coordination.Contracts;

namespace Coordination.BuildingBlocks.Households;

/// <summary>One monitoring flag of a known household, raised or cleared as the registry's latest event for it says.</summary>
public sealed class KnownMonitoringFlag
{
    public Guid HouseholdId { get; set; }

    public MonitoringCategory Category { get; set; }

    public bool Active { get; set; }

    /// <summary>When the registry raised or cleared it: an older event that arrives later changes nothing.</summary>
    public DateTime ChangedAt { get; set; }
}
