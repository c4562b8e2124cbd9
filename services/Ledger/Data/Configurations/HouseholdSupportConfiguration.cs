using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Ledger.Data.Configurations;

public sealed class HouseholdSupportConfiguration : IEntityTypeConfiguration<HouseholdSupport>
{
    public void Configure(EntityTypeBuilder<HouseholdSupport> e)
    {
        e.ToTable("HouseholdSupport");
        e.HasKey(s => s.HouseholdId);
        e.Property(s => s.HouseholdId).ValueGeneratedNever();
        e.Property(s => s.EducationTerm).HasMaxLength(50);
        e.Property(s => s.EducationExplanation).HasMaxLength(500);
        e.Property(s => s.MedicalExplanation).HasMaxLength(500);
        e.Property(s => s.IndustryProject).HasMaxLength(200);
        e.HasMany(s => s.Members).WithOne().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Cascade);
    }
}
