using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Data.Migrations.PostgreSql;

/// <summary>The PostgreSql flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class PostgreSqlHouseholdsDbContext(DbContextOptions<PostgreSqlHouseholdsDbContext> options) : HouseholdsDbContext(options);
