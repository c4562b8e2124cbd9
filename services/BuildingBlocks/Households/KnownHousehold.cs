using Coordination.Contracts;

namespace Coordination.BuildingBlocks.Households;

/// <summary>
/// A department's local copy of a household of the registry, kept from the registry's events
/// (see HouseholdDirectoryConsumers.cs): services never read the registry's database nor
/// call it on their write path.
/// </summary>
public sealed class KnownHousehold
{
    public Guid Id { get; set; }

    public string RegionCode { get; set; } = "";

    public HouseholdStatus Status { get; set; }

    /// <summary>The year of exit (脱贫), which starts the buffer period (摘帽不摘政策).</summary>
    public int? ExitYear { get; set; }

    /// <summary>Set when the registry merged this record into another; the household no longer exists.</summary>
    public Guid? MergedInto { get; set; }

    /// <summary>The registry's version of the facts held here; older events are ignored.</summary>
    public long Version { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>致贫原因, for the ledger's needs (a household poor for lack of capital, ...).</summary>
    public List<PovertyCause> PovertyCauses { get; set; } = [];

    public long IncomePerCapitaFen { get; set; }

    /// <summary>一看房; null until the registry assessed it.</summary>
    public HousingCondition? Housing { get; set; }

    public List<KnownMember> Members { get; set; } = [];

    /// <summary>防返贫监测: the registry's flags as its events last reported them.</summary>
    public List<KnownMonitoringFlag> MonitoringFlags { get; set; } = [];

    public bool InPoverty => Status is HouseholdStatus.Registered or HouseholdStatus.ReturnedToPoverty;

    public bool IsMonitored => MonitoringFlags.Any(f => f.Active);
}
