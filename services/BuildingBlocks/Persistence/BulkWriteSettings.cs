using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Coordination.BuildingBlocks.Persistence;

/// <summary>
/// Connection settings for a bulk write on SQLite (an import of many batches on one open connection),
/// undone when disposed, so the connection goes back to the pool as it came:
/// synchronous=NORMAL (in WAL mode a crash of the machine may lose the last batches, never corrupt
/// the file; the client knows which batches were reported stored), a 64 MB page cache for indexes
/// filled at random (keyed hashes), and a checkpoint every 64 MB of WAL instead of every 4 MB (a
/// batch writes megabytes: checkpointing after each one copies the same index pages back again and
/// again). Other providers are left alone.
/// </summary>
public sealed class BulkWriteSettings : IAsyncDisposable
{
    /// <summary>The settings, for a raw SQLite connection that should do the same (a benchmark's baseline).</summary>
    public const string SqlitePragmas = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=16384;";

    private static readonly string[] Names = ["synchronous", "cache_size", "wal_autocheckpoint"];
    private readonly DbContext? _db;
    private readonly string _restore = "";

    private BulkWriteSettings(DbContext? db, string restore) => (_db, _restore) = (db, restore);

    /// <summary>Applies the settings to the context's connection, which the caller has opened and keeps open.</summary>
    public static async Task<BulkWriteSettings> ApplyAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite()) return new BulkWriteSettings(null, "");
        await using var command = db.Database.GetDbConnection().CreateCommand();
        var restore = new List<string>();
        foreach (var name in Names)
        {
            command.CommandText = "PRAGMA " + name;
            var value = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            restore.Add(string.Create(CultureInfo.InvariantCulture, $"PRAGMA {name}={value};"));
        }
        command.CommandText = SqlitePragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new BulkWriteSettings(db, string.Join(" ", restore));
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is null) return;
        await using var command = _db.Database.GetDbConnection().CreateCommand();
        command.CommandText = _restore;
        await command.ExecuteNonQueryAsync();
    }
}
