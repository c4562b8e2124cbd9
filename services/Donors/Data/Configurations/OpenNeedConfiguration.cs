using Coordination.Donors.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Donors.Data.Configurations;

public sealed class OpenNeedConfiguration : IEntityTypeConfiguration<OpenNeed>
{
    public void Configure(EntityTypeBuilder<OpenNeed> e)
    {
        e.ToTable("Needs");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.RegionCode).HasMaxLength(12);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.Ignore(x => x.IsOpen);
        e.HasIndex(x => x.ClosedAt);
        // Matching looks up the grants and allocations of households with an open need.
        e.HasIndex(x => x.HouseholdId);
    }
}
