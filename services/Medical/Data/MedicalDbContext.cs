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
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MedicalDbContext).Assembly);
    }
}
