using Coordination.Gateway.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Gateway.Data.Configurations;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.Kind).HasMaxLength(20);
        e.Property(x => x.ClientId).HasMaxLength(200);
        e.Property(x => x.Subject).HasMaxLength(200);
        e.Property(x => x.Method).HasMaxLength(200);
        e.Property(x => x.Transport).HasMaxLength(10);
        e.Property(x => x.Outcome).HasMaxLength(40);
        e.Property(x => x.TraceId).HasMaxLength(32);
        e.Property(x => x.Record).HasMaxLength(200);
        e.HasIndex(x => x.At);
        e.HasIndex(x => new { x.ClientId, x.At });
    }
}
