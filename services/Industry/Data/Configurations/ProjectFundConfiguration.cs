using Coordination.Industry.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Industry.Data.Configurations;

public sealed class ProjectFundConfiguration : IEntityTypeConfiguration<ProjectFund>
{
    public void Configure(EntityTypeBuilder<ProjectFund> e)
    {
        e.ToTable("ProjectFunds");
        e.HasKey(f => f.Id);
        e.Property(f => f.Id).ValueGeneratedNever();
    }
}
