using System.Net;
using Coordination.BuildingBlocks.Security;
using Coordination.Donors.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// Acceptance 5 (rate limits): the gateway counts token requests per client id and per address,
/// and anonymous calls per method and address, before it checks any secret or token: a flood of
/// wrong secrets is refused by a counter, and a forged X-Forwarded-For buys no new allowance.
/// </summary>
public sealed class FrontDoorTests(FrontDoorTests.Gateway gateway) : IClassFixture<FrontDoorTests.Gateway>
{
    public const int TokensPerClient = 3;
    public const int TokensPerAddress = 6;
    public const int SelfRegistrations = 2;
    private const string RegisterEnterprise = "coordination.donors.v1.DonorEnterprises/RegisterEnterprise";

    [RabbitMqFact]
    public async Task Token_requests_are_limited_per_client_and_per_address_before_the_secret_is_checked()
    {
        using var http = new HttpClient { BaseAddress = gateway.Suite.Gateway.HttpAddress };
        // Wrong secrets count: the limit comes before the PBKDF2 check.
        for (var i = 0; i < TokensPerClient; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await RequestTokenAsync(http, "dev-auditor", "guess-" + i)).StatusCode);
        var limited = await RequestTokenAsync(http, "dev-auditor", "dev-auditor-secret");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null, "429 names when to retry");

        // Another client from the same address is served until the address's allowance is spent.
        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(http, "dev-coordinator", "dev-coordinator-secret")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RequestTokenAsync(http, "no-such-client-1", "x")).StatusCode);
        // The address has now made TokensPerAddress requests (the refused one counted too).
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RequestTokenAsync(http, "no-such-client-2", "x")).StatusCode);
        // Naming another address is not believed: no proxy is configured.
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await RequestTokenAsync(http, "no-such-client-3", "x", forwardedFor: "203.0.113.7")).StatusCode);
    }

    [RabbitMqFact]
    public async Task Self_registration_has_a_low_limit_per_address_over_gRPC_and_REST()
    {
        using var channel = TestTokens.Channel(gateway.Suite.Gateway.GrpcAddress, token: null);
        var donors = new DonorEnterprises.DonorEnterprisesClient(channel);
        for (var i = 0; i < SelfRegistrations; i++)
        {
            // An empty registration reaches the service and is refused there: it passed the front door.
            var refused = await Assert.ThrowsAsync<RpcException>(() => donors.RegisterEnterpriseAsync(new RegisterEnterpriseRequest()).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        }
        var exhausted = await Assert.ThrowsAsync<RpcException>(() => donors.RegisterEnterpriseAsync(new RegisterEnterpriseRequest()).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, exhausted.StatusCode);

        using var http = new HttpClient { BaseAddress = gateway.Suite.Gateway.HttpAddress };
        var rest = await http.PostAsync("/api/v1/donors/enterprises", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.TooManyRequests, rest.StatusCode);

        // The same address calling other methods with a token draws on its client's allowance, not this one.
        using var coordinator = TestTokens.Channel(gateway.Suite.Gateway.GrpcAddress, TestTokens.For(TestCaller.WithRoles(Roles.Coordinator)));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => new DonorEnterprises.DonorEnterprisesClient(coordinator)
            .GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    private static Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, string clientId, string secret, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
            }),
        };
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return http.SendAsync(request);
    }

    /// <summary>The donors service behind a gateway of its own, with small front-door limits.</summary>
    public sealed class Gateway : IAsyncLifetime
    {
        private ProcessSuite? _suite;

        public ProcessSuite Suite => _suite!;

        public async Task InitializeAsync()
        {
            if (TestEnvironment.RabbitMq is null) return;
            _suite = await ProcessSuite.StartAsync(["donors"], withGateway: true, gatewaySettings: new Dictionary<string, string?>
            {
                ["TokenServer:SeedDevelopmentClients"] = "true",
                ["RateLimits:TokenPerClient:PermitLimit"] = TokensPerClient.ToString(),
                ["RateLimits:TokenPerClient:Window"] = "00:10:00",
                ["RateLimits:TokenPerAddress:PermitLimit"] = TokensPerAddress.ToString(),
                ["RateLimits:TokenPerAddress:Window"] = "00:10:00",
                [$"RateLimits:AnonymousMethods:{RegisterEnterprise}:PermitLimit"] = SelfRegistrations.ToString(),
                [$"RateLimits:AnonymousMethods:{RegisterEnterprise}:Window"] = "00:10:00",
            });
        }

        public async Task DisposeAsync()
        {
            if (_suite is not null) await _suite.DisposeAsync();
        }
    }
}
