using Microsoft.EntityFrameworkCore;

namespace Coordination.Industry.Data.Migrations.Sqlite;

/// <summary>The Sqlite flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqliteIndustryDbContext(DbContextOptions<SqliteIndustryDbContext> options) : IndustryDbContext(options);
