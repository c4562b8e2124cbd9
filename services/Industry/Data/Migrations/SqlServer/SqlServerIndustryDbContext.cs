using Microsoft.EntityFrameworkCore;

namespace Coordination.Industry.Data.Migrations.SqlServer;

/// <summary>The SqlServer flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqlServerIndustryDbContext(DbContextOptions<SqlServerIndustryDbContext> options) : IndustryDbContext(options);
