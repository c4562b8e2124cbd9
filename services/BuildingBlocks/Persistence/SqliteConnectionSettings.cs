using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Coordination.BuildingBlocks.Persistence;

/// <summary>
/// How each SQLite connection of a service reads its file (Persistence:Sqlite). SQLite keeps these per
/// connection and forgets them when the connection closes for good, so they are set on every physical
/// connection the pool opens, once.
/// </summary>
public sealed class SqliteSettings
{
    /// <summary>
    /// Bytes of the file read through a memory map rather than read calls that copy each page into the
    /// connection's cache. The pages live once in the operating system's cache whichever connection reads
    /// them; the map costs address space, not memory. SQLite caps it at its build's limit (2 GB).
    /// 0 keeps SQLite's default (no map).
    /// </summary>
    public long MmapSizeMiB { get; set; } = 2048;

    /// <summary>
    /// Each connection's own page cache, which keeps the upper levels of the B-trees it walked (SQLite's
    /// default is 2 MiB, less than those levels of a table of millions of rows). Filled only as pages are
    /// read: a small database never uses it all. 0 keeps SQLite's default.
    /// </summary>
    public int CacheSizeMiB { get; set; } = 16;

    /// <summary>
    /// How long SQLite itself waits for another writer's lock, retrying after 1, 2, 5, 10 ... ms. Without
    /// it SQLite answers "busy" at once and Microsoft.Data.Sqlite sleeps 150 ms before each retry, so
    /// a commit that meets another (the outbox relay's claim beside a department's writes) waited
    /// 150 ms: most of an event's journey. 0 keeps SQLite's default (no wait).
    /// </summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;
}

/// <summary>Applies <see cref="SqliteSettings"/> to each physical SQLite connection the first time EF opens it.</summary>
public sealed class SqliteConnectionSettings(SqliteSettings settings) : DbConnectionInterceptor
{
    // A pooled connection keeps its native handle (and its settings) from one open to the next.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();
    private readonly string? _pragmas = Pragmas(settings);

    private static readonly object Configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (_pragmas is null || connection is not SqliteConnection { Handle: { } handle } sqlite || _configured.TryGetValue(handle, out _)) return;
        using var command = sqlite.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
        _configured.AddOrUpdate(handle, Configured);
    }

    private static string? Pragmas(SqliteSettings s)
    {
        var pragmas = "";
        if (s.MmapSizeMiB > 0) pragmas += string.Create(CultureInfo.InvariantCulture, $"PRAGMA mmap_size={s.MmapSizeMiB * 1024 * 1024};");
        // A negative cache_size is in KiB rather than pages.
        if (s.CacheSizeMiB > 0) pragmas += string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size={-s.CacheSizeMiB * 1024};");
        if (s.BusyTimeoutMilliseconds > 0) pragmas += string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={s.BusyTimeoutMilliseconds};");
        return pragmas.Length > 0 ? pragmas : null;
    }
}
