using System.Net;
using System.Net.Sockets;
using Coordination.BuildingBlocks.Persistence;
using Npgsql;
using Xunit;

namespace Coordination.TestSupport;

/// <summary>
/// The real servers the integration tests use. deploy/test.sh (the README's test command, also run
/// by .ci/run) starts a throwaway RabbitMQ and PostgreSQL and names them in these variables.
/// </summary>
public static class TestEnvironment
{
    public const string RabbitMqVariable = "COORDINATION_TEST_RABBITMQ";
    public const string PostgresVariable = "COORDINATION_TEST_POSTGRES";

    public static Uri? RabbitMq =>
        Environment.GetEnvironmentVariable(RabbitMqVariable) is { Length: > 0 } uri ? new Uri(uri) : null;

    public static string? Postgres => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    public const string RabbitMqNodeVariable = "COORDINATION_TEST_RABBITMQ_NODE";

    /// <summary>
    /// Configuration keys that point a service at the test broker. Test assemblies run at the same
    /// time and start the same services: were they to share a virtual host, two education processes
    /// would compete for one queue and each miss half the events. So each assembly (process) gets a
    /// virtual host of its own where deploy/test.sh names the node to create it on.
    /// </summary>
    public static Dictionary<string, string?> RabbitMqSettings()
    {
        var uri = RabbitMq ?? throw new InvalidOperationException($"{RabbitMqVariable} is not set; run the tests with deploy/test.sh.");
        var user = uri.UserInfo.Split(':');
        return new()
        {
            ["Messaging:RabbitMq:VirtualHost"] = AssemblyVirtualHost.Value ?? VirtualHostOf(uri),
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMq:Host"] = uri.Host,
            ["Messaging:RabbitMq:Port"] = uri.Port.ToString(),
            ["Messaging:RabbitMq:Username"] = Uri.UnescapeDataString(user[0]),
            ["Messaging:RabbitMq:Password"] = Uri.UnescapeDataString(user.ElementAtOrDefault(1) ?? ""),
        };
    }

    // amqp://host/vhost; an empty path is the default virtual host.
    private static string VirtualHostOf(Uri uri) =>
        uri.AbsolutePath.Trim('/') is { Length: > 0 } vhost ? Uri.UnescapeDataString(vhost) : "/";

    private static readonly Lazy<string?> AssemblyVirtualHost = new(() =>
    {
        if (Environment.GetEnvironmentVariable(RabbitMqNodeVariable) is not { Length: > 0 } node) return null;
        var vhost = $"tests-{Environment.ProcessId}-{Guid.NewGuid():N}"[..24];
        var script = Path.Combine(ServiceProcess.RepositoryRoot, "deploy", "rabbitmq-node.sh");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", [script, "add-vhost", node, vhost])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"Could not create the virtual host {vhost} on {node}: {error}");
        return vhost;
    });

    /// <summary>Creates an empty PostgreSQL database for one test and returns its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync(string prefix)
    {
        var server = Postgres ?? throw new InvalidOperationException($"{PostgresVariable} is not set; run the tests with deploy/test.sh.");
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant().Replace('-', '_');
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>A connection string for a new database of the provider: a temp SQLite file or a PostgreSQL database.</summary>
    public static async Task<string> CreateDatabaseAsync(DatabaseProvider provider, string prefix) => provider switch
    {
        DatabaseProvider.Sqlite => $"Data Source={Path.Combine(CreateTempDirectory(), prefix + ".db")}",
        DatabaseProvider.PostgreSql => await CreatePostgresDatabaseAsync(prefix),
        _ => throw new NotSupportedException($"No {provider} server runs here; its migrations are checked by script generation."),
    };

    public static string CreateTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "coordination-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static readonly HashSet<int> PortsGiven = [];

    /// <summary>
    /// A loopback port free now, for a host started next. Taken below the kernels' ephemeral ranges
    /// (Linux 32768-60999, Windows and macOS 49152-65535): a port the kernel hands out and the test
    /// releases can go to any outgoing connection (to RabbitMQ, PostgreSQL, a service) before the host
    /// binds it, and a CI run once lost a test to exactly that ("address already in use").
    /// </summary>
    public static int FreePort()
    {
        lock (PortsGiven)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(20_000, 32_000);
                if (!PortsGiven.Add(port)) continue;
                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException) { }
            }
        }
        throw new InvalidOperationException("No free loopback port between 20000 and 32000.");
    }
}

/// <summary>A fact that needs the test PostgreSQL server; skipped, saying why, where none is configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestEnvironment.Postgres is null) Skip = $"{TestEnvironment.PostgresVariable} is not set; deploy/test.sh starts PostgreSQL.";
    }
}

/// <summary>A fact that needs the test RabbitMQ broker; skipped, saying why, where none is configured.</summary>
public sealed class RabbitMqFactAttribute : FactAttribute
{
    public RabbitMqFactAttribute()
    {
        if (TestEnvironment.RabbitMq is null) Skip = $"{TestEnvironment.RabbitMqVariable} is not set; deploy/test.sh starts RabbitMQ.";
    }
}

/// <summary>Polls until a condition holds: asynchronous effects (events, relays) have no completion to await.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0.#} s waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        await GetAsync<object>(async () => await probe() ? new object() : null, timeout, what);
}

/// <summary>A theory that needs the test PostgreSQL server; skipped, saying why, where none is configured.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (TestEnvironment.Postgres is null) Skip = $"{TestEnvironment.PostgresVariable} is not set; deploy/test.sh starts PostgreSQL.";
    }
}

/// <summary>A theory that needs the test RabbitMQ broker; skipped, saying why, where none is configured.</summary>
public sealed class RabbitMqTheoryAttribute : TheoryAttribute
{
    public RabbitMqTheoryAttribute()
    {
        if (TestEnvironment.RabbitMq is null) Skip = $"{TestEnvironment.RabbitMqVariable} is not set; deploy/test.sh starts RabbitMQ.";
    }
}
