using Microsoft.EntityFrameworkCore;

namespace Coordination.Gateway.Data.Migrations.Sqlite;

/// <summary>The Sqlite flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqliteGatewayDbContext(DbContextOptions<SqliteGatewayDbContext> options) : GatewayDbContext(options);
