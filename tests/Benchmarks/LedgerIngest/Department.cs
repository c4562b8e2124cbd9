using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Benchmarks.LedgerIngest;

/// <summary>
/// A department as the suite builds one, reduced to what a grant's journey needs: its own SQLite
/// database with the outbox, the BuildingBlocks relay publishing to RabbitMQ once a commit signals it.
/// </summary>
public sealed class DepartmentDbContext(DbContextOptions<DepartmentDbContext> options) : MessagingDbContext(options);

public static class Department
{
    public static async Task<IHost> StartAsync(string databaseFile, IDictionary<string, string?> rabbit, bool syncNormal)
    {
        // Development: a local broker with RabbitMQ's guest account, which hosts refuse elsewhere.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(rabbit);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignalInterceptor>();
        builder.Services.AddDbContextPool<DepartmentDbContext>((sp, o) =>
        {
            // Pooled, with the connection settings every service's SQLite connections get (persistence building block).
            o.UseSqlite($"Data Source={databaseFile}").AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>(), new SqliteConnectionSettings(new SqliteSettings()));
            if (syncNormal) o.AddInterceptors(new SynchronousNormal());
        });
        builder.Services.AddScoped<ServiceDbContext>(sp => sp.GetRequiredService<DepartmentDbContext>());
        builder.AddMessaging("bench-department");
        var host = builder.Build();
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DepartmentDbContext>();
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        await host.StartAsync();
        return host;
    }
}

/// <summary>PRAGMA synchronous=NORMAL on every connection opened: in WAL mode a commit no longer waits for fsync (durable across a process crash, not a power loss).</summary>
public sealed class SynchronousNormal : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
