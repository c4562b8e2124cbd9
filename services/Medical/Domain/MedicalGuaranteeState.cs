namespace Coordination.Medical.Domain;

/// <summary>The medical guarantee last published for a household and year, so only changes are published.</summary>
public sealed class MedicalGuaranteeState
{
    public Guid HouseholdId { get; set; }

    public int Year { get; set; }

    public bool Met { get; set; }

    public string Explanation { get; set; } = "";

    public DateTime ChangedAt { get; set; }

    /// <summary>The registry's version of the household whose members were last assessed.</summary>
    public long HouseholdVersion { get; set; }

    /// <summary>Bumped by every enrolment of the household's members, so concurrent enrolments serialise.</summary>
    public int Version { get; set; }
}
