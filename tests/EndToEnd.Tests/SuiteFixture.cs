using Coordination.TestSupport;
using Grpc.Net.Client;
using Xunit;

namespace Coordination.EndToEnd.Tests;

/// <summary>
/// The whole suite, started once for the end-to-end tests: five services on SQLite files in a temp
/// folder, the gateway routing to them, all over the test RabbitMQ.
/// </summary>
public sealed class SuiteFixture : IAsyncLifetime
{
    public static readonly string[] ServiceNames = ["households", "industry", "education", "medical", "donors"];

    private readonly List<ServiceProcess> _processes = [];

    public Dictionary<string, ServiceProcess> Services { get; } = [];

    public ServiceProcess Gateway { get; private set; } = null!;

    public GrpcChannel GatewayChannel { get; private set; } = null!;

    public HttpClient GatewayHttp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.RabbitMq is null) return; // the tests skip themselves
        var root = TestEnvironment.CreateTempDirectory();
        var messaging = TestEnvironment.RabbitMqSettings();
        foreach (var name in ServiceNames)
        {
            var settings = new Dictionary<string, string?>(messaging) { ["Persistence:DataDirectory"] = Path.Combine(root, "db") };
            var process = ServiceProcess.Start(name, "services/" + char.ToUpperInvariant(name[0]) + name[1..], root, settings);
            _processes.Add(process);
            Services[name] = process;
        }

        var routes = new Dictionary<string, string?>();
        foreach (var (name, service) in Services)
        {
            routes[$"ReverseProxy:Clusters:{name}-grpc:Destinations:primary:Address"] = service.GrpcAddress.ToString();
            routes[$"ReverseProxy:Clusters:{name}-http:Destinations:primary:Address"] = service.HttpAddress.ToString();
        }
        Gateway = ServiceProcess.Start("gateway", "gateway", root, routes);
        _processes.Add(Gateway);

        await Task.WhenAll(_processes.Select(p => p.WaitHealthyAsync(TimeSpan.FromSeconds(60))));
        GatewayChannel = GrpcChannel.ForAddress(Gateway.GrpcAddress);
        GatewayHttp = new HttpClient { BaseAddress = Gateway.HttpAddress };
    }

    public async Task DisposeAsync()
    {
        GatewayChannel?.Dispose();
        GatewayHttp?.Dispose();
        foreach (var process in _processes) await process.DisposeAsync();
    }

    public string Logs() => string.Join("\n", _processes.Select(p => $"--- {p.Name} ---\n{p.LogTail(15)}"));
}

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<SuiteFixture>
{
    public const string Name = "suite";
}
