using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Education.Domain;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Education.Data;

public class EducationDbContext(DbContextOptions options) : MessagingDbContext(options)
{
    /// <summary>The registry's households as education knows them, from the registry's events.</summary>
    public DbSet<KnownHousehold> Households => Set<KnownHousehold>();

    public DbSet<KnownMember> Members => Set<KnownMember>();

    public DbSet<Enrolment> Enrolments => Set<Enrolment>();

    public DbSet<BenefitGrant> Grants => Set<BenefitGrant>();

    public DbSet<DropoutAlert> DropoutAlerts => Set<DropoutAlert>();

    public DbSet<EducationGuaranteeRecord> Guarantees => Set<EducationGuaranteeRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.AddHouseholdDirectory();
        modelBuilder.Entity<Enrolment>(e =>
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
        });
        modelBuilder.Entity<BenefitGrant>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.RequestId).HasMaxLength(100);
            e.HasIndex(x => x.RequestId).IsUnique();
            e.Property(x => x.Term).HasMaxLength(12);
            e.Property(x => x.Programme).HasMaxLength(100);
            e.Property(x => x.SchoolCode).HasMaxLength(50);
            e.Property(x => x.RevocationReason).HasMaxLength(200);
            e.Property(x => x.ActiveSlot).HasMaxLength(80);
            // Unique among standing grants only: revoked grants carry null, which no provider counts
            // twice (EF Core filters SQL Server's index on IS NOT NULL).
            e.HasIndex(x => x.ActiveSlot).IsUnique();
            e.HasIndex(x => new { x.PersonId, x.Term });
            e.HasIndex(x => x.HouseholdId);
        });
        modelBuilder.Entity<DropoutAlert>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Term).HasMaxLength(12);
            e.Property(x => x.RegionCode).HasMaxLength(12).IsFixedLength();
            e.Property(x => x.ClearedReason).HasMaxLength(200);
            e.Ignore(x => x.IsOpen);
            e.HasIndex(x => new { x.PersonId, x.Term }).IsUnique();
            e.HasIndex(x => new { x.Term, x.RegionCode });
            e.HasIndex(x => x.HouseholdId);
        });
        modelBuilder.Entity<EducationGuaranteeRecord>(e =>
        {
            e.ToTable("EducationGuarantees");
            e.HasKey(x => x.HouseholdId);
            e.Property(x => x.HouseholdId).ValueGeneratedNever();
            e.Property(x => x.Term).HasMaxLength(12);
            e.Property(x => x.Explanation).HasMaxLength(500);
        });
    }
}
