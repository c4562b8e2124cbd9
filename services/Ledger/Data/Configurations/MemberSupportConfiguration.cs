using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Ledger.Data.Configurations;

public sealed class MemberSupportConfiguration : IEntityTypeConfiguration<MemberSupport>
{
    public void Configure(EntityTypeBuilder<MemberSupport> e)
    {
        e.ToTable("MemberSupport");
        e.HasKey(m => new { m.HouseholdId, m.PersonId });
        e.Property(m => m.DropoutTerm).HasMaxLength(50);
    }
}
