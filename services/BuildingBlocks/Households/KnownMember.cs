using Coordination.Contracts;

namespace Coordination.BuildingBlocks.Households;

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
