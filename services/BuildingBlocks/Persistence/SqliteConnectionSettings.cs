using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Coordination.BuildingBlocks.Persistence;

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
