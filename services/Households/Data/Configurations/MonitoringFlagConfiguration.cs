using Coordination.Households.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Households.Data.Configurations;

public sealed class MonitoringFlagConfiguration : IEntityTypeConfiguration<MonitoringFlag>
{
    public void Configure(EntityTypeBuilder<MonitoringFlag> e)
    {
        e.HasKey(f => new { f.HouseholdId, f.Category });
        e.Property(f => f.Reason).HasMaxLength(500);
        e.Property(f => f.RaisedBy).HasMaxLength(100);
        e.HasIndex(f => new { f.Category, f.Active });
    }
}
