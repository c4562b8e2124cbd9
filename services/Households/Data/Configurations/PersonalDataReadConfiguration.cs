using Coordination.Households.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Households.Data.Configurations;

public sealed class PersonalDataReadConfiguration : IEntityTypeConfiguration<PersonalDataRead>
{
    public void Configure(EntityTypeBuilder<PersonalDataRead> e)
    {
        e.ToTable("PersonalDataReads");
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).ValueGeneratedNever();
        e.Property(r => r.ReadBy).HasMaxLength(100);
        e.Property(r => r.Purpose).HasMaxLength(200);
        e.Property(r => r.Operation).HasMaxLength(50);
        e.HasIndex(r => r.PersonId);
        e.HasIndex(r => r.ReadAt);
    }
}
