using Coordination.Industry.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Industry.Data.Configurations;

public sealed class BenefitConfiguration : IEntityTypeConfiguration<Benefit>
{
    public void Configure(EntityTypeBuilder<Benefit> e)
    {
        e.HasKey(b => b.Id);
        e.Property(b => b.Id).ValueGeneratedNever();
        e.HasOne<Project>().WithMany().HasForeignKey(b => b.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.Property(b => b.RequestId).HasMaxLength(100);
        // Recorded once per key, enforced by the database against concurrent retries.
        e.HasIndex(b => b.RequestId).IsUnique();
        e.HasIndex(b => new { b.ProjectId, b.HouseholdId });
        e.HasIndex(b => b.HouseholdId);
        e.Property(b => b.RevocationReason).HasMaxLength(200);
        // Two corrections of one benefit must not both revoke it.
        e.Property(b => b.RevokedAt).IsConcurrencyToken();
        e.Ignore(b => b.IsRevoked);
        e.Ignore(b => b.BenefitTypeCode);
    }
}
