namespace Coordination.Education.Domain;

/// <summary>A student's enrolment at a school for one term; a person has at most one per term.</summary>
public sealed class Enrolment
{
    public Guid Id { get; set; }

    /// <summary>The registry's person id.</summary>
    public Guid PersonId { get; set; }

    public Guid HouseholdId { get; set; }

    /// <summary>The household's region when last enrolled, for queries by region.</summary>
    public string RegionCode { get; set; } = "";

    public string Term { get; set; } = "";

    public string SchoolCode { get; set; } = "";

    public string SchoolName { get; set; } = "";

    public Stage Stage { get; set; }

    public bool Boarder { get; set; }

    public EnrolmentStatus Status { get; set; }

    public string? WithdrawalReason { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
