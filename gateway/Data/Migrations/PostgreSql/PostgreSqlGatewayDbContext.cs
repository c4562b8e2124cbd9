using Microsoft.EntityFrameworkCore;

namespace Coordination.Gateway.Data.Migrations.PostgreSql;

/// <summary>The PostgreSql flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class PostgreSqlGatewayDbContext(DbContextOptions<PostgreSqlGatewayDbContext> options) : GatewayDbContext(options);
