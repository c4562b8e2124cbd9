using Coordination.Donors.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Donors.Data.Configurations;

public sealed class PledgeConfiguration : IEntityTypeConfiguration<Pledge>
{
    public void Configure(EntityTypeBuilder<Pledge> e)
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.RequestId).HasMaxLength(100);
        e.Property(x => x.RequestDigest).HasMaxLength(64);
        e.Property(x => x.Title).HasMaxLength(100);
        // A retried pledge finds the first by its key; the database stops a concurrent second one.
        e.HasIndex(x => new { x.EnterpriseId, x.RequestId }).IsUnique();
        e.Property(x => x.Version).IsConcurrencyToken();
        e.Property(x => x.BenefitTypeCode).HasMaxLength(100);
        e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}
