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

    public List<KnownMember> Members { get; set; } = [];
}

public sealed class KnownMember
{
    /// <summary>The registry's person id.</summary>
    public Guid Id { get; set; }

    public Guid HouseholdId { get; set; }

    public Relation Relation { get; set; }

    public Sex Sex { get; set; }

    public DateOnly BirthDate { get; set; }

    public HealthStatus Health { get; set; }

    public LabourCapacity LabourCapacity { get; set; }

    public SchoolingStage SchoolingStage { get; set; }

    public int AgeOn(DateOnly date) =>
        date.Year - BirthDate.Year - (date < BirthDate.AddYears(date.Year - BirthDate.Year) ? 1 : 0);
}
