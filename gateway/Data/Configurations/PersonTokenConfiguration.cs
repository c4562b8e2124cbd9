using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Gateway.Data.Configurations;

/// <summary>Identity's per-user tokens (none yet; its store needs the table).</summary>
public sealed class PersonTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<string>> e)
    {
        e.ToTable("PersonTokens");
        e.HasKey(x => new { x.UserId, x.LoginProvider, x.Name });
        e.Property(x => x.LoginProvider).HasMaxLength(128);
        e.Property(x => x.Name).HasMaxLength(128);
    }
}
