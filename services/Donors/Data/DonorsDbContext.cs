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
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DonorsDbContext).Assembly);
    }
}
