using Microsoft.EntityFrameworkCore;

namespace Coordination.Ledger.Data.Migrations.SqlServer;

/// <summary>The SqlServer flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqlServerLedgerDbContext(DbContextOptions<SqlServerLedgerDbContext> options) : LedgerDbContext(options);
