using Coordination.Households.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Households.Data.Configurations;

public sealed class HouseholdHistoryEntryConfiguration : IEntityTypeConfiguration<HouseholdHistoryEntry>
{
    public void Configure(EntityTypeBuilder<HouseholdHistoryEntry> e)
    {
        e.ToTable("HouseholdHistory");
        e.HasKey(h => h.Id);
        e.Property(h => h.Id).ValueGeneratedNever();
        e.Property(h => h.Reason).HasMaxLength(500);
        e.Property(h => h.By).HasMaxLength(100);
        e.HasIndex(h => new { h.HouseholdId, h.At });
        e.HasOne<Household>().WithMany().HasForeignKey(h => h.HouseholdId).OnDelete(DeleteBehavior.Cascade);
    }
}
