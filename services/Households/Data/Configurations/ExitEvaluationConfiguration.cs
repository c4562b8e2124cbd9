using Coordination.Households.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Households.Data.Configurations;

public sealed class ExitEvaluationConfiguration : IEntityTypeConfiguration<ExitEvaluation>
{
    public void Configure(EntityTypeBuilder<ExitEvaluation> e)
    {
        e.ToTable("ExitEvaluations");
        e.HasKey(x => x.HouseholdId);
        e.Property(x => x.HouseholdId).ValueGeneratedNever();
        e.Property(x => x.Failing).HasMaxLength(4000);
    }
}
