namespace Coordination.Education.Domain;

/// <summary>The last published state of a household's education guarantee, to publish only changes.</summary>
public sealed class EducationGuaranteeRecord
{
    public Guid HouseholdId { get; set; }

    public string Term { get; set; } = "";

    public bool Met { get; set; }

    public string Explanation { get; set; } = "";

    public DateTime ChangedAt { get; set; }
}
