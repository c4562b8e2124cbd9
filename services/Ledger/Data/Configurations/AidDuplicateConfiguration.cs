using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Ledger.Data.Configurations;

public sealed class AidDuplicateConfiguration : IEntityTypeConfiguration<AidDuplicate>
{
    public void Configure(EntityTypeBuilder<AidDuplicate> e)
    {
        e.ToTable("AidDuplicates");
        e.HasKey(d => d.Id);
        e.Property(d => d.Id).ValueGeneratedNever();
        e.Property(d => d.RegionCode).HasMaxLength(12);
        e.Property(d => d.Rule).HasMaxLength(50);
        e.Property(d => d.BenefitTypeCode).HasMaxLength(64);
        e.Property(d => d.Explanation).HasMaxLength(2000);
        e.HasIndex(d => d.HouseholdId);
        e.HasIndex(d => d.RegionCode);
    }
}
