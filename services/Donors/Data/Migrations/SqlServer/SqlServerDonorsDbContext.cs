using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Data.Migrations.SqlServer;

/// <summary>The SqlServer flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqlServerDonorsDbContext(DbContextOptions<SqlServerDonorsDbContext> options) : DonorsDbContext(options);
