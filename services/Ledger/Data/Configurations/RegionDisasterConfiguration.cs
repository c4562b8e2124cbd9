using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Ledger.Data.Configurations;

public sealed class RegionDisasterConfiguration : IEntityTypeConfiguration<RegionDisaster>
{
    public void Configure(EntityTypeBuilder<RegionDisaster> e)
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
    }
}
