using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Data.Migrations.Sqlite;

/// <summary>The Sqlite flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqliteHouseholdsDbContext(DbContextOptions<SqliteHouseholdsDbContext> options) : HouseholdsDbContext(options);
