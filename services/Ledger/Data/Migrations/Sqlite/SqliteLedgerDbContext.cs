using Microsoft.EntityFrameworkCore;

namespace Coordination.Ledger.Data.Migrations.Sqlite;

/// <summary>The Sqlite flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class SqliteLedgerDbContext(DbContextOptions<SqliteLedgerDbContext> options) : LedgerDbContext(options);
