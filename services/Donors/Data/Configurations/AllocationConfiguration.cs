using Coordination.Donors.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Donors.Data.Configurations;

public sealed class AllocationConfiguration : IEntityTypeConfiguration<Allocation>
{
    public void Configure(EntityTypeBuilder<Allocation> e)
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.RegionCode).HasMaxLength(12);
        e.Property(x => x.Explanation).HasMaxLength(1000);
        e.Property(x => x.BenefitTypeCode).HasMaxLength(100);
        // One allocation per pledge per need, held by the database against concurrent runs.
        e.HasIndex(x => new { x.PledgeId, x.NeedId }).IsUnique();
        // Delivery and a closing need must not both win: the status is checked on update.
        e.Property(x => x.Status).IsConcurrencyToken();
        e.HasIndex(x => x.EnterpriseId);
        e.HasIndex(x => x.NeedId);
        e.HasIndex(x => x.HouseholdId);
        e.HasOne<Pledge>().WithMany().HasForeignKey(x => x.PledgeId).OnDelete(DeleteBehavior.Restrict);
    }
}
