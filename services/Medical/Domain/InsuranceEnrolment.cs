namespace Coordination.Medical.Domain;

/// <summary>Basic medical insurance of one member for one year, with the premium subsidy if any.</summary>
public sealed class InsuranceEnrolment
{
    public Guid Id { get; set; }

    public Guid HouseholdId { get; set; }

    public Guid PersonId { get; set; }

    public int Year { get; set; }

    public long PremiumFen { get; set; }

    public long PremiumSubsidyFen { get; set; }

    public Guid? SubsidyGrantId { get; set; }

    public DateTime EnrolledAt { get; set; }
}
