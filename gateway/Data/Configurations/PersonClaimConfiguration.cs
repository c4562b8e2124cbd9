using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordination.Gateway.Data.Configurations;

/// <summary>Identity's user claims (its store needs the table; the suite's claims are columns of the account).</summary>
public sealed class PersonClaimConfiguration : IEntityTypeConfiguration<IdentityUserClaim<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<string>> e)
    {
        e.ToTable("PersonClaims");
        e.HasKey(x => x.Id);
    }
}
