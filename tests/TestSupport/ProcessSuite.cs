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
    public static async Task<ProcessSuite> StartAsync(IEnumerable<string> services, bool withGateway = false)
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
                var routes = new Dictionary<string, string?>();
                foreach (var service in suite._processes)
                {
                    routes[$"ReverseProxy:Clusters:{service.Name}-grpc:Destinations:primary:Address"] = service.GrpcAddress.ToString();
                    routes[$"ReverseProxy:Clusters:{service.Name}-http:Destinations:primary:Address"] = service.HttpAddress.ToString();
                }
                suite._processes.Add(ServiceProcess.Start("gateway", "gateway", root, routes));
            }
            // Healthy means migrated and every consumer's queue bound (MassTransit's WaitUntilStarted).
            await Task.WhenAll(suite._processes.Select(p => p.WaitHealthyAsync(TimeSpan.FromSeconds(90))));
            return suite;
        }
        catch
        {
            await suite.DisposeAsync();
            throw;
        }
    }

    public string Logs(int lines = 20) => string.Join("\n", _processes.Select(p => $"--- {p.Name} ---\n{p.LogTail(lines)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
    }
}
