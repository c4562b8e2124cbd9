namespace Coordination.TestSupport;

/// <summary>
/// Several hosts of the suite as real processes over the test RabbitMQ, each service on its own
/// SQLite file in one temp folder, optionally behind the gateway routing to them: what every
/// end-to-end fixture needs, started once here.
/// </summary>
public sealed class ProcessSuite : IAsyncDisposable
{
    private readonly List<ServiceProcess> _processes = [];

    private ProcessSuite() { }

    public ServiceProcess this[string service] => _processes.Single(p => p.Name == service);

    public ServiceProcess Gateway => this["gateway"];

    /// <param name="services">Lower-case service names: "households", "education", ...</param>
    /// <param name="gatewaySettings">Extra configuration of the gateway (rate limits, for instance).</param>
    public static async Task<ProcessSuite> StartAsync(IEnumerable<string> services, bool withGateway = false, IDictionary<string, string?>? gatewaySettings = null)
    {
        var suite = new ProcessSuite();
        var root = TestEnvironment.CreateTempDirectory();
        var settings = new Dictionary<string, string?>(TestEnvironment.RabbitMqSettings()) { ["Persistence:DataDirectory"] = Path.Combine(root, "db") };
        try
        {
            foreach (var name in services)
                suite._processes.Add(ServiceProcess.Start(name, "services/" + char.ToUpperInvariant(name[0]) + name[1..], root, settings));
            if (withGateway)
            {
                // The gateway keeps its clients and audit log in a database of its own beside the services'.
                // Tests mint their own tokens: no development clients unless a suite asks for them (their secrets' hashing is slow).
                var routes = new Dictionary<string, string?>
                {
                    ["Persistence:DataDirectory"] = Path.Combine(root, "db"),
                    ["TokenServer:SeedDevelopmentClients"] = "false",
                };
                foreach (var (key, value) in gatewaySettings ?? new Dictionary<string, string?>()) routes[key] = value;
                foreach (var service in suite._processes)
                {
                    routes[$"ReverseProxy:Clusters:{service.Name}-grpc:Destinations:primary:Address"] = service.GrpcAddress.ToString();
                    routes[$"ReverseProxy:Clusters:{service.Name}-http:Destinations:primary:Address"] = service.HttpAddress.ToString();
                }
                suite._processes.Add(ServiceProcess.Start("gateway", "gateway", root, routes));
            }
            // Healthy means migrated and every consumer's queue bound (MassTransit's WaitUntilStarted). Six processes
            // starting at once on a shared two-core machine can take more than a minute.
            await Task.WhenAll(suite._processes.Select(p => p.WaitHealthyAsync(TimeSpan.FromSeconds(180))));
            return suite;
        }
        catch
        {
            await suite.DisposeAsync();
            throw;
        }
    }

    /// <summary>A gRPC channel to the gateway calling as <paramref name="caller"/> (the broad test caller by default).</summary>
    public Grpc.Net.Client.GrpcChannel GatewayChannel(TestCaller? caller = null) => Gateway.Channel(caller);

    public string Logs(int lines = 20) => string.Join("\n", _processes.Select(p => $"--- {p.Name} ---\n{p.LogTail(lines)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
    }
}
