using Coordination.Education.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Education.Data.Configurations;

public sealed class EducationGuaranteeRecordConfiguration : IEntityTypeConfiguration<EducationGuaranteeRecord>
{
    public void Configure(EntityTypeBuilder<EducationGuaranteeRecord> e)
    {
        e.ToTable("EducationGuarantees");
        e.HasKey(x => x.HouseholdId);
        e.Property(x => x.HouseholdId).ValueGeneratedNever();
        e.Property(x => x.Term).HasMaxLength(12);
        e.Property(x => x.Explanation).HasMaxLength(500);
    }
}
