using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Ledger.Data.Configurations;

public sealed class HouseholdNeedConfiguration : IEntityTypeConfiguration<HouseholdNeed>
{
    public void Configure(EntityTypeBuilder<HouseholdNeed> e)
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
    }
}
