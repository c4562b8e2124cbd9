using Coordination.Education.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Education.Data.Configurations;

public sealed class BenefitGrantConfiguration : IEntityTypeConfiguration<BenefitGrant>
{
    public void Configure(EntityTypeBuilder<BenefitGrant> e)
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.RequestId).HasMaxLength(100);
        e.HasIndex(x => x.RequestId).IsUnique();
        e.Property(x => x.Term).HasMaxLength(12);
        e.Property(x => x.Programme).HasMaxLength(100);
        e.Property(x => x.SchoolCode).HasMaxLength(50);
        e.Property(x => x.RevocationReason).HasMaxLength(200);
        e.Property(x => x.ActiveSlot).HasMaxLength(80);
        // Unique among standing grants only: revoked grants carry null, which no provider counts
        // twice (EF Core filters SQL Server's index on IS NOT NULL).
        e.HasIndex(x => x.ActiveSlot).IsUnique();
        e.HasIndex(x => new { x.PersonId, x.Term });
        e.HasIndex(x => x.HouseholdId);
    }
}
