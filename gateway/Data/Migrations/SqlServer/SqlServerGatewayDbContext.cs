using Microsoft.EntityFrameworkCore;

namespace Coordination.Gateway.Data.Migrations.SqlServer;

/// <summary>The SqlServer flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqlServerGatewayDbContext(DbContextOptions<SqlServerGatewayDbContext> options) : GatewayDbContext(options);
