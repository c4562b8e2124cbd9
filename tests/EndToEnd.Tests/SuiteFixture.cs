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
    public static readonly string[] ServiceNames = ["households", "ledger", "industry", "education", "medical", "donors"];

    private ProcessSuite? _suite;

    public Dictionary<string, ServiceProcess> Services { get; } = [];

    public ServiceProcess Gateway => _suite!.Gateway;

    public GrpcChannel GatewayChannel { get; private set; } = null!;

    public HttpClient GatewayHttp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.RabbitMq is null) return; // the tests skip themselves
        _suite = await ProcessSuite.StartAsync(ServiceNames, withGateway: true);
        foreach (var name in ServiceNames) Services[name] = _suite[name];
        GatewayChannel = Gateway.Channel();
        GatewayHttp = Gateway.Http();
    }

    public async Task DisposeAsync()
    {
        GatewayChannel?.Dispose();
        GatewayHttp?.Dispose();
        if (_suite is not null) await _suite.DisposeAsync();
    }

    public string Logs() => _suite!.Logs(15);
}

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<SuiteFixture>
{
    public const string Name = "suite";
}
