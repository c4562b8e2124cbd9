using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Medical.Domain;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Medical.Data;

public class MedicalDbContext(DbContextOptions options) : MessagingDbContext(options)
{
    /// <summary>The registry's households as medical knows them, from the registry's events.</summary>
    public DbSet<KnownHousehold> Households => Set<KnownHousehold>();

    public DbSet<KnownMember> Members => Set<KnownMember>();

    public DbSet<InsuranceEnrolment> Enrolments => Set<InsuranceEnrolment>();

    public DbSet<Claim> Claims => Set<Claim>();

    public DbSet<Reimbursement> Reimbursements => Set<Reimbursement>();

    public DbSet<MedicalGuaranteeState> Guarantees => Set<MedicalGuaranteeState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.AddHouseholdDirectory();
        modelBuilder.Entity<InsuranceEnrolment>(e =>
        {
            e.ToTable("InsuranceEnrolments");
            e.HasKey(x => x.Id);
            // One enrolment per member per year, enforced by the database against concurrent calls too.
            e.HasIndex(x => new { x.PersonId, x.Year }).IsUnique();
            e.HasIndex(x => new { x.HouseholdId, x.Year });
        });
        modelBuilder.Entity<Claim>(e =>
        {
            e.ToTable("Claims");
            e.HasKey(x => x.Id);
            e.Property(x => x.RequestId).HasMaxLength(100);
            e.HasIndex(x => x.RequestId).IsUnique();
            e.Property(x => x.RegionCode).HasMaxLength(12).IsFixedLength();
            e.HasIndex(x => x.RegionCode);
            e.Property(x => x.Hospital).HasMaxLength(100);
            e.HasIndex(x => x.Hospital);
            e.HasIndex(x => x.HouseholdId);
            e.HasIndex(x => new { x.PersonId, x.ServiceDate });
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.ReimbursedFen);
            e.Ignore(x => x.OutOfPocketFen);
            e.HasMany(x => x.Reimbursements).WithOne().HasForeignKey(r => r.ClaimId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Reimbursement>(e =>
        {
            e.ToTable("Reimbursements");
            e.HasKey(x => x.Id);
            e.Property(x => x.RequestId).HasMaxLength(100);
            e.HasIndex(x => new { x.ClaimId, x.RequestId }).IsUnique();
            e.Property(x => x.Reason).HasMaxLength(200);
        });
        modelBuilder.Entity<MedicalGuaranteeState>(e =>
        {
            e.ToTable("MedicalGuarantees");
            e.HasKey(x => new { x.HouseholdId, x.Year });
            e.Property(x => x.Explanation).HasMaxLength(300);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
    }
}
