using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.Deduplication;
using Coordination.Households.Domain;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Data;

public class HouseholdsDbContext(DbContextOptions options) : MessagingDbContext(options)
{
    public DbSet<Household> Households => Set<Household>();

    public DbSet<Member> Members => Set<Member>();

    public DbSet<MonitoringFlag> MonitoringFlags => Set<MonitoringFlag>();

    public DbSet<HouseholdHistoryEntry> History => Set<HouseholdHistoryEntry>();

    public DbSet<PersonalDataRead> PersonalDataReads => Set<PersonalDataRead>();

    public DbSet<PersonDuplicateCandidate> DuplicateCandidates => Set<PersonDuplicateCandidate>();

    /// <summary>The ledger's latest exit evaluation of each household (HouseholdExitEvaluated), which guards an exit.</summary>
    public DbSet<ExitEvaluation> ExitEvaluations => Set<ExitEvaluation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HouseholdsDbContext).Assembly);
    }
}
