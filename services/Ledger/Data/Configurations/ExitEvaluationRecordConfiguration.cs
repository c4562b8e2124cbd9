using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Ledger.Data.Configurations;

public sealed class ExitEvaluationRecordConfiguration : IEntityTypeConfiguration<ExitEvaluationRecord>
{
    public void Configure(EntityTypeBuilder<ExitEvaluationRecord> e)
    {
        e.ToTable("ExitEvaluations");
        e.HasKey(x => x.HouseholdId);
        e.Property(x => x.HouseholdId).ValueGeneratedNever();
        e.Property(x => x.Outcome).HasMaxLength(4000);
    }
}
