using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Education.Data;

public class EducationDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    /// <summary>The registry's households as education knows them, from the registry's events.</summary>
    public DbSet<KnownHousehold> Households => Set<KnownHousehold>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.AddHouseholdDirectory();
    }
}
