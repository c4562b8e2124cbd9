namespace Coordination.Ledger.Domain;

/// <summary>A rule of the benefit catalogue broken by a grant together with others, listed for coordinators.</summary>
public sealed class AidDuplicate
{
    public Guid Id { get; set; }

    public Guid HouseholdId { get; set; }

    public string RegionCode { get; set; } = "";

    public string Rule { get; set; } = "";

    public string BenefitTypeCode { get; set; } = "";

    /// <summary>The grant that broke the rule; the others are in <see cref="GrantIds"/>.</summary>
    public Guid TriggeringGrantId { get; set; }

    public List<Guid> GrantIds { get; set; } = [];

    public string Explanation { get; set; } = "";

    public DateTime DetectedAt { get; set; }
}
