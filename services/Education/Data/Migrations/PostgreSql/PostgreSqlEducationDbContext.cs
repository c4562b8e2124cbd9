using Microsoft.EntityFrameworkCore;

namespace Coordination.Education.Data.Migrations.PostgreSql;

/// <summary>The PostgreSql flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class PostgreSqlEducationDbContext(DbContextOptions<PostgreSqlEducationDbContext> options) : EducationDbContext(options);
