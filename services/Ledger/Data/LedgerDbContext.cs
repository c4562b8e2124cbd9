using Coordination.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Ledger.Data;

public class LedgerDbContext(DbContextOptions options) : MessagingDbContext(options)
{
    public DbSet<AidGrant> AidGrants => Set<AidGrant>();

    public DbSet<AidDuplicate> AidDuplicates => Set<AidDuplicate>();

    public DbSet<AidLedgerHousehold> AidLedgerHouseholds => Set<AidLedgerHousehold>();

    public DbSet<HouseholdNeed> Needs => Set<HouseholdNeed>();

    public DbSet<HouseholdSupport> HouseholdSupport => Set<HouseholdSupport>();

    public DbSet<RegionDisaster> RegionDisasters => Set<RegionDisaster>();

    public DbSet<ExitEvaluationRecord> ExitEvaluations => Set<ExitEvaluationRecord>();

    /// <summary>The registry's households as the ledger knows them, from the registry's events.</summary>
    public DbSet<KnownHousehold> Households => Set<KnownHousehold>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.AddHouseholdDirectory();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LedgerDbContext).Assembly);
    }
}
