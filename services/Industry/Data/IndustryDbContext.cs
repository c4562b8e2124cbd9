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
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(IndustryDbContext).Assembly);
    }
}
