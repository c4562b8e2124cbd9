using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Data.Migrations.SqlServer;

/// <summary>The SqlServer flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqlServerHouseholdsDbContext(DbContextOptions<SqlServerHouseholdsDbContext> options) : HouseholdsDbContext(options);
