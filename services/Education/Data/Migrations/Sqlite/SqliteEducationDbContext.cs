using Microsoft.EntityFrameworkCore;

namespace Coordination.Education.Data.Migrations.Sqlite;

/// <summary>The Sqlite flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqliteEducationDbContext(DbContextOptions<SqliteEducationDbContext> options) : EducationDbContext(options);
