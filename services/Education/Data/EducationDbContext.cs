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
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EducationDbContext).Assembly);
    }
}
