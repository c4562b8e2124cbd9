using Coordination.Households.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Households.Data.Configurations;

public sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> e)
    {
        e.HasKey(m => m.Id);
        e.Property(m => m.NameEncrypted).HasMaxLength(400);
        e.Property(m => m.NameMasked).HasMaxLength(100);
        e.Property(m => m.NationalIdEncrypted).HasMaxLength(200);
        e.Property(m => m.NationalIdHash).HasMaxLength(64);
        e.Property(m => m.NationalIdMasked).HasMaxLength(18);
        e.Ignore(m => m.LookupHashes);
        // One person, one household, enforced by the database as well as checked by the registration.
        e.HasIndex(m => m.NationalIdHash).IsUnique();
        e.Property(m => m.NameKey).HasMaxLength(32);
        e.Property(m => m.PinyinKey).HasMaxLength(32);
        // Possible duplicates are looked up by pinyin key (which includes the birth date) alone: the same
        // simplified name always has the same pinyin, so its matches include the name key's, and one
        // index on random keys fewer is a third less work per person in a bulk import.
        e.HasIndex(m => m.PinyinKey);
    }
}
