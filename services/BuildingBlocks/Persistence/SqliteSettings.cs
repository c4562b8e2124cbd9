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
