using Coordination.Households.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Households.Data.Configurations;

public sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> e)
    {
        e.HasKey(h => h.Id);
        e.Property(h => h.RegistrationNumber).HasMaxLength(32);
        e.HasIndex(h => h.RegistrationNumber).IsUnique();
        e.Property(h => h.RegionCode).HasMaxLength(12).IsFixedLength();
        e.HasIndex(h => h.RegionCode);
        e.Property(h => h.Address).HasMaxLength(200);
        e.Property(h => h.AssignedHelper).HasMaxLength(100);
        e.Property(h => h.Version).IsConcurrencyToken();
        e.HasMany(h => h.Members).WithOne().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(h => h.MonitoringFlags).WithOne().HasForeignKey(f => f.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(h => h.Status);
        // Only merged households are indexed: a registry is nearly all NULLs here, which would cost
        // every import an index entry, and tempt SQLite's planner to answer "not merged" by walking
        // the whole registry through this index. Double quotes name a column on all three providers.
        e.HasIndex(h => h.MergedIntoHouseholdId).HasFilter("\"MergedIntoHouseholdId\" IS NOT NULL");
    }
}
