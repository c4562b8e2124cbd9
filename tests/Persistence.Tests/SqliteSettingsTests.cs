using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.Data;
using Coordination.Households.Data.Migrations.PostgreSql;
using Coordination.Households.Data.Migrations.Sqlite;
using Coordination.Households.Data.Migrations.SqlServer;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Coordination.Persistence.Tests;

/// <summary>Every service's SQLite connections read the file through a memory map with a page cache of their own size, and wait for another writer's lock inside SQLite.</summary>
public class SqliteSettingsTests
{
    /// <summary>SQLITE_MAX_MMAP_SIZE of the bundled SQLite, its default: just under 2 GiB.</summary>
    private const long SqliteBuildMmapLimit = 0x7fff0000;

    [Theory]
    [InlineData(null, null, null, 2048L * 1024 * 1024, -16 * 1024, 5000L)]
    [InlineData("64", "4", "250", 64L * 1024 * 1024, -4 * 1024, 250L)]
    [InlineData("0", "0", "0", 0L, -2000, 0L)] // SQLite's own defaults
    public async Task Each_connection_a_service_opens_gets_the_configured_map_cache_and_busy_wait(
        string? mmapMiB, string? cacheMiB, string? busyMs, long mmapBytes, long cacheSize, long busyTimeout)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sqlite-settings-{Guid.NewGuid():N}.db");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test" });
        var settings = new Dictionary<string, string?> { ["Persistence:ConnectionString"] = $"Data Source={file}" };
        if (mmapMiB is not null) settings["Persistence:Sqlite:MmapSizeMiB"] = mmapMiB;
        if (cacheMiB is not null) settings["Persistence:Sqlite:CacheSizeMiB"] = cacheMiB;
        if (busyMs is not null) settings["Persistence:Sqlite:BusyTimeoutMilliseconds"] = busyMs;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<Coordination.BuildingBlocks.Messaging.OutboxSignal>(); // what AddMessaging gives the outbox interceptor
        builder.AddServiceDbContext<HouseholdsDbContext, SqliteHouseholdsDbContext, PostgreSqlHouseholdsDbContext, SqlServerHouseholdsDbContext>("households");
        await using var services = builder.Services.BuildServiceProvider();
        try
        {
            // Twice: the second scope gets the pooled connection back, which keeps what was set on it.
            for (var i = 0; i < 2; i++)
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<HouseholdsDbContext>();
                await db.Database.OpenConnectionAsync();
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                Assert.Equal(cacheSize, await PragmaAsync(connection, "cache_size"));
                Assert.Equal(busyTimeout, await PragmaAsync(connection, "busy_timeout"));
                // The limit as set (a file is mapped only as far as it reaches), within SQLite's build limit.
                Assert.Equal(Math.Min(mmapBytes, SqliteBuildMmapLimit), await PragmaAsync(connection, "mmap_size"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    private static async Task<long> PragmaAsync(SqliteConnection connection, string pragma)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
