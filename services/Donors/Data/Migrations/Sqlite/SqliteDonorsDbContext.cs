using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Data.Migrations.Sqlite;

/// <summary>The Sqlite flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqliteDonorsDbContext(DbContextOptions<SqliteDonorsDbContext> options) : DonorsDbContext(options);
