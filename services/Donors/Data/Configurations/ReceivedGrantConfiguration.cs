using Coordination.Donors.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Donors.Data.Configurations;

public sealed class ReceivedGrantConfiguration : IEntityTypeConfiguration<ReceivedGrant>
{
    public void Configure(EntityTypeBuilder<ReceivedGrant> e)
    {
        e.HasKey(x => x.GrantId);
        e.Property(x => x.GrantId).ValueGeneratedNever();
        e.Property(x => x.BenefitTypeCode).HasMaxLength(100);
        e.Property(x => x.GrantorCode).HasMaxLength(100);
        e.HasIndex(x => x.HouseholdId);
    }
}
