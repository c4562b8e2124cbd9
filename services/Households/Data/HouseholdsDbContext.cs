using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.Deduplication;
using Coordination.Households.Domain;
using Coordination.Households.Ledger;
using Coordination.Households.Needs;
using Coordination.Households.Warnings;
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

    public DbSet<AidGrant> AidGrants => Set<AidGrant>();

    public DbSet<AidDuplicate> AidDuplicates => Set<AidDuplicate>();

    public DbSet<AidLedgerHousehold> AidLedgerHouseholds => Set<AidLedgerHousehold>();

    public DbSet<HouseholdNeed> Needs => Set<HouseholdNeed>();

    public DbSet<HouseholdSupport> HouseholdSupport => Set<HouseholdSupport>();

    public DbSet<RegionDisaster> RegionDisasters => Set<RegionDisaster>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.AddLedgerNeeds();
        modelBuilder.Entity<Household>(e =>
        {
            e.HasKey(h => h.Id);
            e.Property(h => h.RegistrationNumber).HasMaxLength(32);
            e.HasIndex(h => h.RegistrationNumber).IsUnique();
            e.Property(h => h.RegionCode).HasMaxLength(12).IsFixedLength();
            e.HasIndex(h => h.RegionCode);
            e.Property(h => h.Address).HasMaxLength(200);
            e.Property(h => h.AssignedHelper).HasMaxLength(100);
            e.Property(h => h.Version).IsConcurrencyToken();
            e.HasMany(h => h.Members).WithOne().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(h => h.MonitoringFlags).WithOne().HasForeignKey(f => f.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(h => h.Status);
            // Only merged households are indexed: a registry is nearly all NULLs here, which would cost
            // every import an index entry, and tempt SQLite's planner to answer "not merged" by walking
            // the whole registry through this index. Double quotes name a column on all three providers.
            e.HasIndex(h => h.MergedIntoHouseholdId).HasFilter("\"MergedIntoHouseholdId\" IS NOT NULL");
        });
        modelBuilder.Entity<MonitoringFlag>(e =>
        {
            e.HasKey(f => new { f.HouseholdId, f.Category });
            e.Property(f => f.Reason).HasMaxLength(500);
            e.Property(f => f.RaisedBy).HasMaxLength(100);
            e.HasIndex(f => new { f.Category, f.Active });
        });
        modelBuilder.Entity<PersonalDataRead>(e =>
        {
            e.ToTable("PersonalDataReads");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.ReadBy).HasMaxLength(100);
            e.Property(r => r.Purpose).HasMaxLength(200);
            e.Property(r => r.Operation).HasMaxLength(50);
            e.HasIndex(r => r.PersonId);
            e.HasIndex(r => r.ReadAt);
        });
        modelBuilder.Entity<HouseholdHistoryEntry>(e =>
        {
            e.ToTable("HouseholdHistory");
            e.HasKey(h => h.Id);
            e.Property(h => h.Id).ValueGeneratedNever();
            e.Property(h => h.Reason).HasMaxLength(500);
            e.Property(h => h.By).HasMaxLength(100);
            e.HasIndex(h => new { h.HouseholdId, h.At });
            e.HasOne<Household>().WithMany().HasForeignKey(h => h.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<AidGrant>(e =>
        {
            e.HasKey(g => g.GrantId);
            e.Property(g => g.GrantId).ValueGeneratedNever();
            e.Property(g => g.GrantorCode).HasMaxLength(50);
            e.Property(g => g.GrantorName).HasMaxLength(200);
            e.Property(g => g.Programme).HasMaxLength(200);
            e.Property(g => g.BenefitTypeCode).HasMaxLength(64);
            e.Property(g => g.ExpenseReference).HasMaxLength(100);
            e.Property(g => g.RevocationReason).HasMaxLength(500);
            e.Ignore(g => g.ValueFen);
            // A household's grants, for the exclusive rule (by type: a household has tens of grants a
            // year, so its grants of a type are read and filtered) and its totals (GetHouseholdAid sums by
            // type and grantor, optionally of a year, from the index alone: a household's grants lie in as
            // many table pages as it has grants). A region's views reach its grants through its households
            // (their RegionCode never changes) and this index: a region column and index on the grants cost
            // about a fifth of the group commit writer's processor time.
            e.HasIndex(g => new { g.HouseholdId, g.BenefitTypeCode, g.GrantorCode, g.Year, g.Revoked, g.AmountFen, g.InKindValueFen })
                .HasDatabaseName("IX_AidGrants_HouseholdAid");
            // The capped rule's grants towards one expense, and only the grants that name one: an index
            // entry for every grant cost about 8% of the ingest rate, while reading each household's
            // capped grants to find an expense cost more (with this index the writer's related-grants
            // stage fell from 20–35 to 16–25 µs per grant, in a mix with a fifth reimbursements).
            // Partial, so a dividend or a subsidy pays nothing for it.
            e.HasIndex(g => g.ExpenseReference).HasFilter("\"ExpenseReference\" IS NOT NULL").HasDatabaseName("IX_AidGrants_Expense");
        });
        modelBuilder.Entity<AidLedgerHousehold>(e =>
        {
            e.HasKey(h => h.HouseholdId);
            e.Property(h => h.HouseholdId).ValueGeneratedNever();
        });
        modelBuilder.Entity<AidDuplicate>(e =>
        {
            e.ToTable("AidDuplicates");
            e.HasKey(d => d.Id);
            e.Property(d => d.Id).ValueGeneratedNever();
            e.Property(d => d.RegionCode).HasMaxLength(12);
            e.Property(d => d.Rule).HasMaxLength(50);
            e.Property(d => d.BenefitTypeCode).HasMaxLength(64);
            e.Property(d => d.Explanation).HasMaxLength(2000);
            e.HasIndex(d => d.HouseholdId);
            e.HasIndex(d => d.RegionCode);
        });
        modelBuilder.Entity<Member>(e =>
        {
            e.HasKey(m => m.Id);
            e.Property(m => m.NameEncrypted).HasMaxLength(400);
            e.Property(m => m.NameMasked).HasMaxLength(100);
            e.Property(m => m.NationalIdEncrypted).HasMaxLength(200);
            e.Property(m => m.NationalIdHash).HasMaxLength(64);
            e.Property(m => m.NationalIdMasked).HasMaxLength(18);
            // One person, one household, enforced by the database as well as checked by the registration.
            e.HasIndex(m => m.NationalIdHash).IsUnique();
            e.Property(m => m.NameKey).HasMaxLength(32);
            e.Property(m => m.PinyinKey).HasMaxLength(32);
            // Possible duplicates are looked up by pinyin key (which includes the birth date) alone: the same
            // simplified name always has the same pinyin, so its matches include the name key's, and one
            // index on random keys fewer is a third less work per person in a bulk import.
            e.HasIndex(m => m.PinyinKey);
        });
        modelBuilder.Entity<PersonDuplicateCandidate>(e =>
        {
            e.ToTable("PersonDuplicateCandidates");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.RegionCode).HasMaxLength(12);
            e.Property(c => c.Reasons).HasMaxLength(1000);
            e.Property(c => c.DecidedBy).HasMaxLength(100);
            e.Property(c => c.DecisionReason).HasMaxLength(500);
            e.HasIndex(c => new { c.PersonId, c.OtherPersonId }).IsUnique();
            e.HasIndex(c => new { c.Status, c.RegionCode });
            // A decision is taken once: two coordinators deciding at the same time do not both win.
            e.Property(c => c.Status).IsConcurrencyToken();
        });
    }
}
