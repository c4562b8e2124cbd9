using Coordination.Industry.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Industry.Data.Configurations;

public sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> e)
    {
        e.HasKey(p => p.Id);
        e.Property(p => p.Id).ValueGeneratedNever();
        e.Property(p => p.Name).HasMaxLength(100);
        e.Property(p => p.OperatorName).HasMaxLength(100);
        e.Property(p => p.OperatorCreditCode).HasMaxLength(18).IsFixedLength();
        e.Property(p => p.RegionCode).HasMaxLength(12);
        // Projects by region: a prefix match on the code, then the type.
        e.HasIndex(p => new { p.RegionCode, p.Type });
        e.Ignore(p => p.TotalFundsFen);
        e.HasMany(p => p.Funds).WithOne().HasForeignKey(f => f.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
