using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.BuildingBlocks.Audit;

public sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> e)
    {
        e.ToTable("AuditRecords");
        e.HasKey(a => a.Id);
        e.Property(a => a.ClientId).HasMaxLength(200);
        e.Property(a => a.Subject).HasMaxLength(200);
        e.Property(a => a.Method).HasMaxLength(200);
        e.Property(a => a.RecordType).HasMaxLength(100);
        e.Property(a => a.RecordId).HasMaxLength(200);
        e.Property(a => a.Change).HasMaxLength(10);
        e.Property(a => a.TraceId).HasMaxLength(32);
        // Who changed this record, and what did this client change: the auditor's two questions.
        e.HasIndex(a => new { a.RecordType, a.RecordId });
        e.HasIndex(a => new { a.ClientId, a.At });
    }
}
