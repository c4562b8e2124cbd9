using Coordination.Medical.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Medical.Data.Configurations;

public sealed class ClaimConfiguration : IEntityTypeConfiguration<Claim>
{
    public void Configure(EntityTypeBuilder<Claim> e)
    {
        e.ToTable("Claims");
        e.HasKey(x => x.Id);
        e.Property(x => x.RequestId).HasMaxLength(100);
        e.HasIndex(x => x.RequestId).IsUnique();
        e.Property(x => x.RegionCode).HasMaxLength(12).IsFixedLength();
        e.HasIndex(x => x.RegionCode);
        e.Property(x => x.Hospital).HasMaxLength(100);
        e.HasIndex(x => x.Hospital);
        e.HasIndex(x => x.HouseholdId);
        e.HasIndex(x => new { x.PersonId, x.ServiceDate });
        e.Property(x => x.Version).IsConcurrencyToken();
        e.Ignore(x => x.ReimbursedFen);
        e.Ignore(x => x.OutOfPocketFen);
        e.HasMany(x => x.Reimbursements).WithOne().HasForeignKey(r => r.ClaimId).OnDelete(DeleteBehavior.Cascade);
    }
}
