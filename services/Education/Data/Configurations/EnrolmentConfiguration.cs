using Coordination.Education.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Education.Data.Configurations;

public sealed class EnrolmentConfiguration : IEntityTypeConfiguration<Enrolment>
{
    public void Configure(EntityTypeBuilder<Enrolment> e)
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.Term).HasMaxLength(12);
        e.Property(x => x.RegionCode).HasMaxLength(12).IsFixedLength();
        e.Property(x => x.SchoolCode).HasMaxLength(50);
        e.Property(x => x.SchoolName).HasMaxLength(100);
        e.Property(x => x.WithdrawalReason).HasMaxLength(200);
        e.HasIndex(x => new { x.PersonId, x.Term }).IsUnique();
        e.HasIndex(x => new { x.Term, x.SchoolCode });
        e.HasIndex(x => new { x.Term, x.RegionCode });
        e.HasIndex(x => x.HouseholdId);
    }
}
