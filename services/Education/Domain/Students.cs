namespace Coordination.Education.Domain;

// The numbers match the gRPC enums of coordination.education.v1, so a cast maps one to the other.

public enum Stage { Preschool = 1, Primary = 2, JuniorMiddle = 3, SeniorHigh = 4, SecondaryVocational = 5, Higher = 6 }

public enum EnrolmentStatus { Enrolled = 1, Withdrawn = 2 }

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

/// <summary>控辍保学: a school-age member of a registered household not enrolled in a term; one per person and term.</summary>
public sealed class DropoutAlert
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public Guid HouseholdId { get; set; }

    public string RegionCode { get; set; } = "";

    public DateOnly BirthDate { get; set; }

    public string Term { get; set; } = "";

    public DateTime RaisedAt { get; set; }

    public DateTime? ClearedAt { get; set; }

    public string? ClearedReason { get; set; }

    public bool IsOpen => ClearedAt is null;
}

/// <summary>The last published state of a household's education guarantee, to publish only changes.</summary>
public sealed class EducationGuaranteeRecord
{
    public Guid HouseholdId { get; set; }

    public string Term { get; set; } = "";

    public bool Met { get; set; }

    public string Explanation { get; set; } = "";

    public DateTime ChangedAt { get; set; }
}
