using Coordination.TestSupport;
using Npgsql;
using Xunit;

namespace Coordination.EndToEnd.Tests;

/// <summary>
/// The suite as the cluster mode runs it, started here for the fault test: three RabbitMQ nodes with
/// quorum queues, every service on a fresh PostgreSQL database, two replicas of the ledger and of
/// education on one database each, the registry and medical once, and the gateway with each
/// replica as a destination, taken out of rotation by active health checks.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly string[] Replicated = ["ledger", "education"];

    public static readonly string[] Single = ["households", "medical"];

    private readonly Dictionary<string, ServiceProcess> _processes = [];

    private readonly Dictionary<string, string> _databases = [];

    private string _directory = "";

    public RabbitMqCluster Broker { get; private set; } = null!;

    public ServiceProcess Gateway => _processes["gateway"];

    public ServiceProcess this[string replica] => _processes[replica];

    /// <summary>The connection string of each service's database, by service name.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.Postgres is null || TestEnvironment.RabbitMq is null) return; // the test skips itself
        _directory = TestEnvironment.CreateTempDirectory();
        var databases = Replicated.Concat(Single).ToDictionary(s => s, s => TestEnvironment.CreatePostgresDatabaseAsync("cluster_" + s));
        Broker = await RabbitMqCluster.StartAsync(3);
        // Seven pools beside the other test assemblies' on one server: each replica keeps a few connections.
        foreach (var (service, database) in databases)
            _databases[service] = new NpgsqlConnectionStringBuilder(await database) { MaxPoolSize = 10 }.ConnectionString;

        foreach (var service in Replicated)
        {
            Start(service + "-a", service);
            Start(service + "-b", service);
        }
        foreach (var service in Single) Start(service, service);
        _processes["gateway"] = ServiceProcess.Start("gateway", "gateway", _directory, GatewaySettings());
        await Task.WhenAll(_processes.Values.Select(p => p.WaitHealthyAsync(TimeSpan.FromSeconds(180))));
    }

    /// <summary>Kills a replica with SIGKILL, as a crash would.</summary>
    public Task KillAsync(string replica) => _processes[replica].KillAsync();

    /// <summary>Starts a killed replica again on its old ports (the gateway's destinations) and waits until it is healthy.</summary>
    public async Task RestartAsync(string replica)
    {
        var old = _processes[replica];
        await old.DisposeAsync();
        var service = replica.Split('-')[0];
        var restarted = Start(replica, service, old.GrpcPort, old.HttpPort);
        await restarted.WaitHealthyAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>Outbox rows of a service not yet marked sent.</summary>
    public async Task<long> UnsentOutboxRowsAsync(string service)
    {
        await using var connection = new NpgsqlConnection(_databases[service]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM "OutboxMessages" WHERE "SentAt" IS NULL""", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public string Logs(int lines = 15) => string.Join("\n", _processes.Values.Select(p => $"--- {p.Name} ---\n{p.LogTail(lines)}"));

    private ServiceProcess Start(string replica, string service, int? grpcPort = null, int? httpPort = null)
    {
        var settings = new Dictionary<string, string?>(Broker.Settings())
        {
            ["Persistence:Provider"] = "PostgreSql",
            ["Persistence:ConnectionString"] = _databases[service],
            // A crashed replica's claimed rows go to its peer soon, and rows wait little after an outage.
            ["Messaging:Outbox:ClaimLease"] = "00:00:05",
            ["Messaging:Outbox:MaxBackoff"] = "00:00:02",
        };
        var process = ServiceProcess.Start(replica, "services/" + char.ToUpperInvariant(service[0]) + service[1..], _directory, settings, grpcPort, httpPort);
        _processes[replica] = process;
        return process;
    }

    private Dictionary<string, string?> GatewaySettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Persistence:DataDirectory"] = Path.Combine(_directory, "db"),
            ["TokenServer:SeedDevelopmentClients"] = "false",
        };
        foreach (var service in Replicated.Concat(Single))
        {
            var replicas = Replicated.Contains(service)
                ? new[] { ("primary", _processes[service + "-a"]), ("secondary", _processes[service + "-b"]) }
                : [("primary", _processes[service])];
            foreach (var kind in new[] { "grpc", "http" })
            {
                var cluster = $"ReverseProxy:Clusters:{service}-{kind}";
                foreach (var (destination, process) in replicas)
                    settings[$"{cluster}:Destinations:{destination}:Address"] = (kind == "grpc" ? process.GrpcAddress : process.HttpAddress).ToString();
                // /health answers on the h2c port too, so a gRPC cluster is probed over its own HTTP/2.
                settings[$"{cluster}:HealthCheck:Active:Enabled"] = "true";
                settings[$"{cluster}:HealthCheck:Active:Interval"] = "00:00:01";
                settings[$"{cluster}:HealthCheck:Active:Timeout"] = "00:00:01";
                settings[$"{cluster}:HealthCheck:Active:Policy"] = "ConsecutiveFailures";
                settings[$"{cluster}:HealthCheck:Active:Path"] = "/health";
                settings[$"{cluster}:Metadata:ConsecutiveFailuresHealthPolicy.Threshold"] = "1";
            }
        }
        return settings;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes.Values) await process.DisposeAsync();
        if (Broker is not null) await Broker.DisposeAsync();
    }
}
