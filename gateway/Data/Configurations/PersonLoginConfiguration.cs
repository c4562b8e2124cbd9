using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Gateway.Data.Configurations;

/// <summary>Identity's external logins (none yet; its store needs the table).</summary>
public sealed class PersonLoginConfiguration : IEntityTypeConfiguration<IdentityUserLogin<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<string>> e)
    {
        e.ToTable("PersonLogins");
        e.HasKey(x => new { x.LoginProvider, x.ProviderKey });
        e.Property(x => x.LoginProvider).HasMaxLength(128);
        e.Property(x => x.ProviderKey).HasMaxLength(128);
    }
}
