using Microsoft.EntityFrameworkCore;

namespace Coordination.Medical.Data.Migrations.PostgreSql;

/// <summary>The PostgreSql flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class PostgreSqlMedicalDbContext(DbContextOptions<PostgreSqlMedicalDbContext> options) : MedicalDbContext(options);
