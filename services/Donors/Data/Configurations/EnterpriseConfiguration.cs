using Coordination.Donors.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Donors.Data.Configurations;

public sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    public void Configure(EntityTypeBuilder<Enterprise> e)
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.CreditCode).HasMaxLength(18).IsFixedLength();
        e.HasIndex(x => x.CreditCode).IsUnique();
        e.Property(x => x.ContactName).HasMaxLength(50);
        e.Property(x => x.ContactPhone).HasMaxLength(20);
        e.Property(x => x.RegionCode).HasMaxLength(12);
        e.Property(x => x.DecidedBy).HasMaxLength(100);
        e.Property(x => x.DecidedBySubject).HasMaxLength(200);
        e.Property(x => x.RejectionReason).HasMaxLength(500);
        e.HasIndex(x => x.Status);
    }
}
