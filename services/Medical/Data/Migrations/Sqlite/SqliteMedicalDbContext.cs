using Microsoft.EntityFrameworkCore;

namespace Coordination.Medical.Data.Migrations.Sqlite;

/// <summary>The Sqlite flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqliteMedicalDbContext(DbContextOptions<SqliteMedicalDbContext> options) : MedicalDbContext(options);
