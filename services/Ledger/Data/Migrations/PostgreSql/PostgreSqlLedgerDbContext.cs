using Microsoft.EntityFrameworkCore;

namespace Coordination.Ledger.Data.Migrations.PostgreSql;

/// <summary>The PostgreSql flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class PostgreSqlLedgerDbContext(DbContextOptions<PostgreSqlLedgerDbContext> options) : LedgerDbContext(options);
