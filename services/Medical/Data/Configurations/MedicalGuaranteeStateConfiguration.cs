using Coordination.Medical.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Medical.Data.Configurations;

public sealed class MedicalGuaranteeStateConfiguration : IEntityTypeConfiguration<MedicalGuaranteeState>
{
    public void Configure(EntityTypeBuilder<MedicalGuaranteeState> e)
    {
        e.ToTable("MedicalGuarantees");
        e.HasKey(x => new { x.HouseholdId, x.Year });
        e.Property(x => x.Explanation).HasMaxLength(300);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
