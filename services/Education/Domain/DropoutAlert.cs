namespace Coordination.Education.Domain;

/// <summary>控辍保学: a school-age member of a registered household not enrolled in a term; one per person and term.</summary>
public sealed class DropoutAlert
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public Guid HouseholdId { get; set; }

    public string RegionCode { get; set; } = "";

    /// <summary>The year only: the alert list shows no more (the mask), and no rule reads the alert's date.</summary>
    public int BirthYear { get; set; }

    public string Term { get; set; } = "";

    public DateTime RaisedAt { get; set; }

    public DateTime? ClearedAt { get; set; }

    public string? ClearedReason { get; set; }

    public bool IsOpen => ClearedAt is null;
}
