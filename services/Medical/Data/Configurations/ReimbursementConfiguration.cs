using Coordination.Medical.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Medical.Data.Configurations;

public sealed class ReimbursementConfiguration : IEntityTypeConfiguration<Reimbursement>
{
    public void Configure(EntityTypeBuilder<Reimbursement> e)
    {
        e.ToTable("Reimbursements");
        e.HasKey(x => x.Id);
        e.Property(x => x.RequestId).HasMaxLength(100);
        e.HasIndex(x => new { x.ClaimId, x.RequestId }).IsUnique();
        e.Property(x => x.Reason).HasMaxLength(200);
    }
}
