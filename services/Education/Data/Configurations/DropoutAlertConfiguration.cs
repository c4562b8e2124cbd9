using Coordination.Education.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Education.Data.Configurations;

public sealed class DropoutAlertConfiguration : IEntityTypeConfiguration<DropoutAlert>
{
    public void Configure(EntityTypeBuilder<DropoutAlert> e)
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.Term).HasMaxLength(12);
        e.Property(x => x.RegionCode).HasMaxLength(12).IsFixedLength();
        e.Property(x => x.ClearedReason).HasMaxLength(200);
        e.Ignore(x => x.IsOpen);
        e.HasIndex(x => new { x.PersonId, x.Term }).IsUnique();
        e.HasIndex(x => new { x.Term, x.RegionCode });
        e.HasIndex(x => x.HouseholdId);
    }
}
