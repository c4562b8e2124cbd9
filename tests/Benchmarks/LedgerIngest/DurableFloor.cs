using System.Globalization;
using System.Threading.Channels;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using Coordination.Ledger.Data.Migrations.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Benchmarks.LedgerIngest;

/// <summary>
/// The least any durable, idempotent consumer of these grants must do on SQLite, as a second baseline
/// beside the raw consumer: each message's inbox row (skipped if there) and its grant row, into the
/// ledger's own migrated schema and indexes, group-committed like the ledger (one transaction per
/// batch of up to half the prefetch, the consume completing after its commit), with hand-written SQL
/// on one connection and nothing else: no lookup, no rule, no need. The ledger's rate over this one
/// is what its own logic costs; this one's over the raw consumer's is what storing costs on this machine.
/// </summary>
internal sealed class DurableFloor : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly int _maxBatch;
    private readonly Channel<(Guid MessageId, AidGranted Grant, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(Guid, AidGranted, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private DurableFloor(SqliteConnection connection, int maxBatch)
    {
        (_connection, _maxBatch) = (connection, maxBatch);
        _writer = Task.Run(WriteAsync);
    }

    public static async Task<DurableFloor> StartAsync(string file, int maxBatch, bool syncNormal)
    {
        await using (var db = PersistenceExtensions.CreateContext<SqliteLedgerDbContext>(DatabaseProvider.Sqlite, $"Data Source={file}"))
            await db.Database.MigrateAsync();
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        // The service's connection settings (SqliteSettings' defaults) and journal mode.
        var settings = new SqliteSettings();
        var pragmas = connection.CreateCommand();
        pragmas.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA journal_mode=WAL; PRAGMA mmap_size={settings.MmapSizeMiB * 1024 * 1024}; PRAGMA cache_size={-settings.CacheSizeMiB * 1024}; PRAGMA synchronous={(syncNormal ? "NORMAL" : "FULL")};");
        await pragmas.ExecuteNonQueryAsync();
        return new DurableFloor(connection, maxBatch);
    }

    /// <summary>Completes once the message's transaction has committed, as a consume of the ledger does.</summary>
    public Task SubmitAsync(Guid messageId, AidGranted grant)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((messageId, grant, done))) throw new ObjectDisposedException(nameof(DurableFloor));
        return done.Task;
    }

    private async Task WriteAsync()
    {
        var inbox = _connection.CreateCommand();
        inbox.CommandText = "INSERT INTO InboxMessages (MessageId, Consumer, ProcessedAt) VALUES ($m, 'bench-floor-aid-granted', $t) ON CONFLICT DO NOTHING";
        var (messageId, processedAt) = (inbox.Parameters.Add("$m", SqliteType.Text), inbox.Parameters.Add("$t", SqliteType.Text));
        var insert = _connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO AidGrants (GrantId, HouseholdId, PersonId, GrantorKind, GrantorCode, GrantorName, Programme, BenefitTypeCode, AmountFen,
                InKindValueFen, PeriodStart, PeriodEnd, Year, GrantedAt, ExpenseReference, ExpenseAmountFen, RecordedAt, Revoked)
            VALUES ($id, $h, $p, $gk, $gc, $gn, $pr, $type, $amount, $kind, $start, $end, $year, $at, $er, $ea, $rec, 0)
            """;
        var p = new[] { "$id", "$h", "$p", "$gk", "$gc", "$gn", "$pr", "$type", "$amount", "$kind", "$start", "$end", "$year", "$at", "$er", "$ea", "$rec" }
            .ToDictionary(n => n, n => insert.Parameters.Add(n, SqliteType.Text));
        var batch = new List<(Guid MessageId, AidGranted Grant, TaskCompletionSource Done)>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                using var transaction = _connection.BeginTransaction();
                (inbox.Transaction, insert.Transaction) = (transaction, transaction);
                var now = Sql(DateTime.UtcNow);
                foreach (var (id, g, _) in batch)
                {
                    (messageId.Value, processedAt.Value) = (Sql(id), now);
                    if (inbox.ExecuteNonQuery() == 0) continue; // handled already
                    p["$id"].Value = Sql(g.GrantId);
                    p["$h"].Value = Sql(g.HouseholdId);
                    p["$p"].Value = g.PersonId is { } person ? Sql(person) : DBNull.Value;
                    p["$gk"].Value = (int)g.Grantor.Kind;
                    p["$gc"].Value = g.Grantor.Code;
                    p["$gn"].Value = g.Grantor.Name;
                    p["$pr"].Value = g.Programme;
                    p["$type"].Value = g.BenefitTypeCode;
                    p["$amount"].Value = g.AmountFen;
                    p["$kind"].Value = g.InKindValueFen;
                    p["$start"].Value = Sql(g.PeriodStart);
                    p["$end"].Value = Sql(g.PeriodEnd);
                    p["$year"].Value = g.PeriodStart.Year;
                    p["$at"].Value = Sql(g.GrantedAt);
                    p["$er"].Value = (object?)g.ExpenseReference ?? DBNull.Value;
                    p["$ea"].Value = (object?)g.ExpenseAmountFen ?? DBNull.Value;
                    p["$rec"].Value = now;
                    insert.ExecuteNonQuery();
                }
                transaction.Commit();
                foreach (var (_, _, done) in batch) done.TrySetResult();
            }
            catch (Exception ex)
            {
                foreach (var (_, _, done) in batch) done.TrySetException(ex);
            }
        }
    }

    // As EF Core's SQLite provider stores them.
    private static string Sql(Guid value) => value.ToString().ToUpperInvariant();

    private static string Sql(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static string Sql(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        await _connection.DisposeAsync();
    }
}
