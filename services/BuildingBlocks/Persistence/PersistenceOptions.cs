namespace Coordination.BuildingBlocks.Persistence;

public sealed class PersistenceOptions
{
    public const string Section = "Persistence";

    /// <summary>SQLite is the embedded default: a file per service, nothing to install.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for PostgreSQL and SQL Server; for SQLite it overrides the file under <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where SQLite files go, relative to the content root unless absolute.</summary>
    public string DataDirectory { get; set; } = "data";

    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How SQLite connections read the file (Persistence:Sqlite); unused by the other providers.</summary>
    public SqliteSettings Sqlite { get; set; } = new();
}
