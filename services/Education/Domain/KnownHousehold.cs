using Coordination.Contracts;

namespace Coordination.Education.Domain;

/// <summary>
/// Education's local copy of a registered household, learnt from the registry's events: the
/// service never reads the registry's database nor calls it on its write path.
/// </summary>
public sealed class KnownHousehold
{
    public Guid Id { get; set; }

    public string RegionCode { get; set; } = "";

    public HouseholdStatus Status { get; set; }

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

    public SchoolingStage SchoolingStage { get; set; }
}
