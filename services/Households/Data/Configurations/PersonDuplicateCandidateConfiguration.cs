using Coordination.Households.Deduplication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Households.Data.Configurations;

public sealed class PersonDuplicateCandidateConfiguration : IEntityTypeConfiguration<PersonDuplicateCandidate>
{
    public void Configure(EntityTypeBuilder<PersonDuplicateCandidate> e)
    {
        e.ToTable("PersonDuplicateCandidates");
        e.HasKey(c => c.Id);
        e.Property(c => c.Id).ValueGeneratedNever();
        e.Property(c => c.RegionCode).HasMaxLength(12);
        e.Property(c => c.Reasons).HasMaxLength(1000);
        e.Property(c => c.DecidedBy).HasMaxLength(100);
        e.Property(c => c.DecisionReason).HasMaxLength(500);
        e.HasIndex(c => new { c.PersonId, c.OtherPersonId }).IsUnique();
        e.HasIndex(c => new { c.Status, c.RegionCode });
        // A decision is taken once: two coordinators deciding at the same time do not both win.
        e.Property(c => c.Status).IsConcurrencyToken();
    }
}
