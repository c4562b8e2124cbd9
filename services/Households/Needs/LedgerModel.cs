using Coordination.Households.Warnings;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Needs;

/// <summary>The tables of the ledger's needs, departments' facts and region disasters, apart from the registry's model.</summary>
public static class LedgerModel
{
    public static void AddLedgerNeeds(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<HouseholdSupport>(e =>
        {
            e.ToTable("HouseholdSupport");
            e.HasKey(s => s.HouseholdId);
            e.Property(s => s.HouseholdId).ValueGeneratedNever();
            e.Property(s => s.EducationTerm).HasMaxLength(50);
            e.Property(s => s.EducationExplanation).HasMaxLength(500);
            e.Property(s => s.MedicalExplanation).HasMaxLength(500);
            e.Property(s => s.IndustryProject).HasMaxLength(200);
            e.HasMany(s => s.Members).WithOne().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<MemberSupport>(e =>
        {
            e.ToTable("MemberSupport");
            e.HasKey(m => new { m.HouseholdId, m.PersonId });
            e.Property(m => m.DropoutTerm).HasMaxLength(50);
        });
        modelBuilder.Entity<HouseholdNeed>(e =>
        {
            e.ToTable("HouseholdNeeds");
            e.HasKey(n => n.Id);
            e.Property(n => n.Id).ValueGeneratedNever();
            e.Property(n => n.RegionCode).HasMaxLength(12);
            e.Property(n => n.Kind).HasMaxLength(64);
            e.Property(n => n.Reason).HasMaxLength(500);
            e.Property(n => n.ClosedReason).HasMaxLength(500);
            e.Ignore(n => n.IsOpen);
            // The kind too: after a batch of grants only the open needs of kinds a grant can meet are
            // read, and a household's others (uninsured, unsafe housing) stay open for months.
            e.HasIndex(n => new { n.HouseholdId, n.ClosedAt, n.Kind });
            e.HasIndex(n => new { n.RegionCode, n.ClosedAt });
        });
        modelBuilder.Entity<RegionDisaster>(e =>
        {
            e.ToTable("RegionDisasters");
            e.HasKey(d => d.Id);
            e.Property(d => d.Id).ValueGeneratedNever();
            e.Property(d => d.RegionPrefix).HasMaxLength(12);
            e.Property(d => d.Reason).HasMaxLength(400);
            e.Property(d => d.RaisedBy).HasMaxLength(100);
            e.Property(d => d.ClearedBy).HasMaxLength(100);
            e.Ignore(d => d.FlagReason);
            e.HasIndex(d => d.RegionPrefix);
        });
    }
}
