using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Industry.Domain;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Industry.Data;

public class IndustryDbContext(DbContextOptions options) : MessagingDbContext(options)
{
    public DbSet<Project> Projects => Set<Project>();

    public DbSet<Enrolment> Enrolments => Set<Enrolment>();

    public DbSet<Benefit> Benefits => Set<Benefit>();

    /// <summary>The registry's households as industry knows them, from the registry's events.</summary>
    public DbSet<KnownHousehold> Households => Set<KnownHousehold>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.AddHouseholdDirectory();
        modelBuilder.Entity<Project>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
            e.Property(p => p.Name).HasMaxLength(100);
            e.Property(p => p.OperatorName).HasMaxLength(100);
            e.Property(p => p.OperatorCreditCode).HasMaxLength(18).IsFixedLength();
            e.Property(p => p.RegionCode).HasMaxLength(12);
            // Projects by region: a prefix match on the code, then the type.
            e.HasIndex(p => new { p.RegionCode, p.Type });
            e.Ignore(p => p.TotalFundsFen);
            e.HasMany(p => p.Funds).WithOne().HasForeignKey(f => f.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ProjectFund>(e =>
        {
            e.ToTable("ProjectFunds");
            e.HasKey(f => f.Id);
            e.Property(f => f.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<Enrolment>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
            // One enrolment per project, household and role, whatever concurrent callers do.
            e.HasIndex(x => new { x.ProjectId, x.HouseholdId, x.Role }).IsUnique();
            e.HasIndex(x => x.HouseholdId);
        });
        modelBuilder.Entity<Benefit>(e =>
        {
            e.HasKey(b => b.Id);
            e.Property(b => b.Id).ValueGeneratedNever();
            e.HasOne<Project>().WithMany().HasForeignKey(b => b.ProjectId).OnDelete(DeleteBehavior.Restrict);
            e.Property(b => b.RequestId).HasMaxLength(100);
            // Recorded once per key, enforced by the database against concurrent retries.
            e.HasIndex(b => b.RequestId).IsUnique();
            e.HasIndex(b => new { b.ProjectId, b.HouseholdId });
            e.HasIndex(b => b.HouseholdId);
            e.Property(b => b.RevocationReason).HasMaxLength(200);
            // Two corrections of one benefit must not both revoke it.
            e.Property(b => b.RevokedAt).IsConcurrencyToken();
            e.Ignore(b => b.IsRevoked);
            e.Ignore(b => b.BenefitTypeCode);
        });
    }
}
