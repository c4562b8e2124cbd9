using Coordination.BuildingBlocks.Persistence;
using Coordination.Donors.Domain;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Data;

/// <summary>Enterprises, pledges and allocations; and the needs and grants learnt from the ledger's events.</summary>
public class DonorsDbContext(DbContextOptions options) : MessagingDbContext(options)
{
    public DbSet<Enterprise> Enterprises => Set<Enterprise>();

    public DbSet<Pledge> Pledges => Set<Pledge>();

    public DbSet<Allocation> Allocations => Set<Allocation>();

    public DbSet<OpenNeed> Needs => Set<OpenNeed>();

    public DbSet<ReceivedGrant> ReceivedGrants => Set<ReceivedGrant>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Enterprise>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.CreditCode).HasMaxLength(18).IsFixedLength();
            e.HasIndex(x => x.CreditCode).IsUnique();
            e.Property(x => x.ContactName).HasMaxLength(50);
            e.Property(x => x.ContactPhone).HasMaxLength(20);
            e.Property(x => x.RegionCode).HasMaxLength(12);
            e.Property(x => x.DecidedBy).HasMaxLength(100);
            e.Property(x => x.DecidedBySubject).HasMaxLength(200);
            e.Property(x => x.RejectionReason).HasMaxLength(500);
            e.HasIndex(x => x.Status);
        });
        modelBuilder.Entity<Pledge>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.RequestId).HasMaxLength(100);
            e.Property(x => x.RequestDigest).HasMaxLength(64);
            e.Property(x => x.Title).HasMaxLength(100);
            // A retried pledge finds the first by its key; the database stops a concurrent second one.
            e.HasIndex(x => new { x.EnterpriseId, x.RequestId }).IsUnique();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.BenefitTypeCode).HasMaxLength(100);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Allocation>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.RegionCode).HasMaxLength(12);
            e.Property(x => x.Explanation).HasMaxLength(1000);
            e.Property(x => x.BenefitTypeCode).HasMaxLength(100);
            // One allocation per pledge per need, held by the database against concurrent runs.
            e.HasIndex(x => new { x.PledgeId, x.NeedId }).IsUnique();
            // Delivery and a closing need must not both win: the status is checked on update.
            e.Property(x => x.Status).IsConcurrencyToken();
            e.HasIndex(x => x.EnterpriseId);
            e.HasIndex(x => x.NeedId);
            e.HasIndex(x => x.HouseholdId);
            e.HasOne<Pledge>().WithMany().HasForeignKey(x => x.PledgeId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<OpenNeed>(e =>
        {
            e.ToTable("Needs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.RegionCode).HasMaxLength(12);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.Ignore(x => x.IsOpen);
            e.HasIndex(x => x.ClosedAt);
            // Matching looks up the grants and allocations of households with an open need.
            e.HasIndex(x => x.HouseholdId);
        });
        modelBuilder.Entity<ReceivedGrant>(e =>
        {
            e.HasKey(x => x.GrantId);
            e.Property(x => x.GrantId).ValueGeneratedNever();
            e.Property(x => x.BenefitTypeCode).HasMaxLength(100);
            e.Property(x => x.GrantorCode).HasMaxLength(100);
            e.HasIndex(x => x.HouseholdId);
        });
    }
}
