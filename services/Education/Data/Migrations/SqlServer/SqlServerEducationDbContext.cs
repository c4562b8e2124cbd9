using Microsoft.EntityFrameworkCore;

namespace Coordination.Education.Data.Migrations.SqlServer;

/// <summary>The SqlServer flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqlServerEducationDbContext(DbContextOptions<SqlServerEducationDbContext> options) : EducationDbContext(options);
