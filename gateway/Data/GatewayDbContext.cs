using Coordination.BuildingBlocks.Persistence;
using Coordination.Gateway.Audit;
using Coordination.Gateway.People;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Gateway.Data;

/// <summary>
/// The gateway's own store: the token server's clients (OpenIddict's tables; secrets hashed), the
/// person accounts (Identity's user store; passwords hashed) and the audit log. It derives from the services' base context so the provider choice, migrations per
/// provider, health check and migration on start are the same as theirs; it sends and receives no
/// events, so it has no outbox or inbox.
/// </summary>
public class GatewayDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<PersonAccount> PersonAccounts => Set<PersonAccount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GatewayDbContext).Assembly);
    }
}
