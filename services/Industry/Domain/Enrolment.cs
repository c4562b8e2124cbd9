namespace Coordination.Industry.Domain;

/// <summary>A registered household taking part in a project in one role; a household may hold several.</summary>
public sealed class Enrolment
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public Guid HouseholdId { get; set; }

    public EnrolmentRole Role { get; set; }

    public DateTime EnrolledAt { get; set; }
}
