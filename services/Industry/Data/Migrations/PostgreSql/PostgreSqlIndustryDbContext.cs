using Microsoft.EntityFrameworkCore;

namespace Coordination.Industry.Data.Migrations.PostgreSql;

/// <summary>The PostgreSql flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class PostgreSqlIndustryDbContext(DbContextOptions<PostgreSqlIndustryDbContext> options) : IndustryDbContext(options);
