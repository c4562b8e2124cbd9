using Coordination.Medical.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Medical.Data.Configurations;

public sealed class InsuranceEnrolmentConfiguration : IEntityTypeConfiguration<InsuranceEnrolment>
{
    public void Configure(EntityTypeBuilder<InsuranceEnrolment> e)
    {
        e.ToTable("InsuranceEnrolments");
        e.HasKey(x => x.Id);
        // One enrolment per member per year, enforced by the database against concurrent calls too.
        e.HasIndex(x => new { x.PersonId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.HouseholdId, x.Year });
    }
}
