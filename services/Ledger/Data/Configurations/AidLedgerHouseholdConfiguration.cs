using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Ledger.Data.Configurations;

public sealed class AidLedgerHouseholdConfiguration : IEntityTypeConfiguration<AidLedgerHousehold>
{
    public void Configure(EntityTypeBuilder<AidLedgerHousehold> e)
    {
        e.HasKey(h => h.HouseholdId);
        e.Property(h => h.HouseholdId).ValueGeneratedNever();
    }
}
