using Coordination.BuildingBlocks.Persistence;
using Coordination.Education.Domain;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Education.Data;

public class EducationDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<KnownHousehold> Households => Set<KnownHousehold>();

    public DbSet<KnownMember> Members => Set<KnownMember>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<KnownHousehold>(e =>
        {
            e.ToTable("KnownHouseholds");
            e.HasKey(h => h.Id);
            e.Property(h => h.Id).ValueGeneratedNever();
            e.Property(h => h.RegionCode).HasMaxLength(12).IsFixedLength();
            e.HasIndex(h => h.RegionCode);
            e.HasMany(h => h.Members).WithOne().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<KnownMember>(e =>
        {
            e.ToTable("KnownMembers");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).ValueGeneratedNever();
        });
    }
}
