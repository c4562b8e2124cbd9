using Microsoft.EntityFrameworkCore;

namespace Coordination.Medical.Data.Migrations.SqlServer;

/// <summary>The SqlServer flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqlServerMedicalDbContext(DbContextOptions<SqlServerMedicalDbContext> options) : MedicalDbContext(options);
