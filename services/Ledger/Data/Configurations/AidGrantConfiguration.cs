using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Ledger.Data.Configurations;

public sealed class AidGrantConfiguration : IEntityTypeConfiguration<AidGrant>
{
    public void Configure(EntityTypeBuilder<AidGrant> e)
    {
        e.HasKey(g => g.GrantId);
        e.Property(g => g.GrantId).ValueGeneratedNever();
        e.Property(g => g.GrantorCode).HasMaxLength(50);
        e.Property(g => g.GrantorName).HasMaxLength(200);
        e.Property(g => g.Programme).HasMaxLength(200);
        e.Property(g => g.BenefitTypeCode).HasMaxLength(64);
        e.Property(g => g.ExpenseReference).HasMaxLength(100);
        e.Property(g => g.RevocationReason).HasMaxLength(500);
        e.Ignore(g => g.ValueFen);
        // A household's grants, for the exclusive rule (by type) and its totals (GetHouseholdAid sums by
        // type and grantor, optionally of a year, from the index alone). A region's views reach its
        // grants through the known households (a household's region never changes) and this index: a
        // region column and index on the grants would cost the group commit writer every insert.
        e.HasIndex(g => new { g.HouseholdId, g.BenefitTypeCode, g.GrantorCode, g.Year, g.Revoked, g.AmountFen, g.InKindValueFen })
            .HasDatabaseName("IX_AidGrants_HouseholdAid");
        // The capped rule's grants towards one expense, and only the grants that name one (partial, so
        // a dividend or a subsidy pays nothing for it). Double quotes name a column on all three providers.
        e.HasIndex(g => g.ExpenseReference).HasFilter("\"ExpenseReference\" IS NOT NULL").HasDatabaseName("IX_AidGrants_Expense");
    }
}
