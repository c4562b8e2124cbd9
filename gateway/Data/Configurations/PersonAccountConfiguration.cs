using Coordination.Gateway.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Gateway.Data.Configurations;

/// <summary>Identity's user table (as IdentityUserContext maps it), with the suite's columns.</summary>
public sealed class PersonAccountConfiguration : IEntityTypeConfiguration<PersonAccount>
{
    public void Configure(EntityTypeBuilder<PersonAccount> e)
    {
        e.ToTable("PersonAccounts");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(64);
        e.HasIndex(x => x.NormalizedUserName).IsUnique();
        e.HasIndex(x => x.NormalizedEmail);
        e.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
        e.Property(x => x.UserName).HasMaxLength(256);
        e.Property(x => x.NormalizedUserName).HasMaxLength(256);
        e.Property(x => x.Email).HasMaxLength(256);
        e.Property(x => x.NormalizedEmail).HasMaxLength(256);
        e.Property(x => x.DisplayName).HasMaxLength(100);
        e.HasMany<Microsoft.AspNetCore.Identity.IdentityUserClaim<string>>().WithOne().HasForeignKey(c => c.UserId).IsRequired();
        e.HasMany<Microsoft.AspNetCore.Identity.IdentityUserLogin<string>>().WithOne().HasForeignKey(l => l.UserId).IsRequired();
        e.HasMany<Microsoft.AspNetCore.Identity.IdentityUserToken<string>>().WithOne().HasForeignKey(t => t.UserId).IsRequired();
    }
}
