using System.Net.Http.Json;
using System.Text.Json;
using Coordination.BuildingBlocks.Security;
using Coordination.TestSupport;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// The five services and the gateway as processes over the test RabbitMQ, as deploy/run.sh runs
/// them (Development: the development signing key and development clients). One client is given a
/// small rate limit; everyone else (and the front door) a generous one so the matrix test is not throttled.
/// </summary>
public sealed class SecuredSuite : IAsyncLifetime
{
    public const string LimitedClient = "rate-limited-client";
    public const int LimitedPermits = 3;

    public static readonly string[] ServiceNames = ["households", "ledger", "industry", "education", "medical", "donors"];

    private ProcessSuite? _suite;

    public ProcessSuite Processes => _suite!;

    public ServiceProcess Gateway => _suite!.Gateway;

    /// <summary>The matrix the hosts enforce: the same access-policy.json, copied beside this assembly.</summary>
    public static AccessPolicy Policy { get; } = LoadPolicy();

    public async Task InitializeAsync()
    {
        if (TestEnvironment.RabbitMq is null) return; // the tests skip themselves
        _suite = await ProcessSuite.StartAsync(ServiceNames, withGateway: true, gatewaySettings: new Dictionary<string, string?>
        {
            ["TokenServer:SeedDevelopmentClients"] = "true",
            ["RateLimits:PermitLimit"] = "100000",
            ["RateLimits:TokenPerClient:PermitLimit"] = "100000",
            ["RateLimits:TokenPerAddress:PermitLimit"] = "100000",
            ["RateLimits:AnonymousMethods:coordination.donors.v1.DonorEnterprises/RegisterEnterprise:PermitLimit"] = "100000",
            [$"RateLimits:Clients:{LimitedClient}:PermitLimit"] = LimitedPermits.ToString(),
            [$"RateLimits:Clients:{LimitedClient}:Window"] = "00:10:00",
        });
    }

    public async Task DisposeAsync()
    {
        if (_suite is not null) await _suite.DisposeAsync();
    }

    public GrpcChannel GatewayChannel(TestCaller? caller) => TestTokens.Channel(Gateway.GrpcAddress, caller is null ? null : TestTokens.For(caller));

    public GrpcChannel GatewayChannelWithToken(string? token) => TestTokens.Channel(Gateway.GrpcAddress, token);

    public HttpClient GatewayHttp(TestCaller? caller) => TestTokens.Http(Gateway.HttpAddress, caller is null ? null : TestTokens.For(caller));

    public HttpClient GatewayHttpWithToken(string? token) => TestTokens.Http(Gateway.HttpAddress, token);

    /// <summary>An access token from the gateway's token server (client credentials grant).</summary>
    public async Task<string> FetchTokenAsync(string clientId, string clientSecret)
    {
        using var http = new HttpClient { BaseAddress = Gateway.HttpAddress };
        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"token request for {clientId}: {(int)response.StatusCode} {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    public string Logs() => _suite!.Logs(15);

    private static AccessPolicy LoadPolicy()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "access-policy.json")).Build();
        var options = configuration.GetSection(AccessPolicyOptions.Section).Get<AccessPolicyOptions>()!;
        return new AccessPolicy(Options.Create(options));
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredSuiteCollection : ICollectionFixture<SecuredSuite>
{
    public const string Name = "secured suite";
}
