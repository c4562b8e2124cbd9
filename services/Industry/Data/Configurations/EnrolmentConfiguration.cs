using Coordination.Industry.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Industry.Data.Configurations;

public sealed class EnrolmentConfiguration : IEntityTypeConfiguration<Enrolment>
{
    public void Configure(EntityTypeBuilder<Enrolment> e)
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        // One enrolment per project, household and role, whatever concurrent callers do.
        e.HasIndex(x => new { x.ProjectId, x.HouseholdId, x.Role }).IsUnique();
        e.HasIndex(x => x.HouseholdId);
    }
}
