using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Coordination.BuildingBlocks.Security;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// Acceptance 1 (tokens) and 3: no token, an expired token, a wrong audience or issuer, a tampered
/// signature or a foreign key → Unauthenticated / 401 at the gateway; a service called directly
/// without a valid token refuses too. And the token server: a development client gets a token by
/// the client-credentials grant, a wrong secret gets none.
/// </summary>
[Collection(SecuredSuiteCollection.Name)]
public class TokenTests(SecuredSuite suite)
{
    private static readonly TestCaller Coordinator = new("token-coordinator", [Roles.Coordinator]);

    private static readonly Dictionary<string, string> OneMethodOf = new()
    {
        ["households"] = "coordination.households.v1.HouseholdRegistry/ListHouseholds",
        ["industry"] = "coordination.industry.v1.IndustryProjects/ListProjects",
        ["education"] = "coordination.education.v1.EducationAid/ListStudents",
        ["medical"] = "coordination.medical.v1.MedicalAid/ListClaims",
        ["donors"] = "coordination.donors.v1.DonorEnterprises/GetEnterprise",
        ["ledger"] = "coordination.ledger.v1.AidLedger/ListOpenNeeds",
    };

    public static TheoryData<string, string?> BadTokens() => new()
    {
        { "none", null },
        { "expired", TestTokens.Expired(Coordinator) },
        { "wrong audience", TestTokens.For(Coordinator, audience: "someone-else") },
        { "wrong issuer", TestTokens.For(Coordinator, issuer: "https://impostor.example/") },
        { "tampered signature", Tamper(TestTokens.For(Coordinator)) },
        { "tampered payload", TamperPayload(TestTokens.For(Coordinator)) },
        { "foreign key", TestTokens.For(Coordinator, key: new RsaSecurityKey(RSA.Create(2048))) },
        { "not a JWT", "not-a-token" },
    };

    [RabbitMqTheory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_Unauthenticated_at_the_gateway_over_gRPC_and_401_over_REST(string why, string? token)
    {
        using var channel = suite.GatewayChannelWithToken(token);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new HouseholdRegistry.HouseholdRegistryClient(channel).ListHouseholdsAsync(new ListHouseholdsRequest()).ResponseAsync);
        Assert.True(StatusCode.Unauthenticated == error.StatusCode, $"{why}: {error.Status}");

        using var http = suite.GatewayHttpWithToken(token);
        var response = await http.GetAsync("/api/v1/households");
        Assert.True(HttpStatusCode.Unauthorized == response.StatusCode, $"{why}: {(int)response.StatusCode}");
    }

    [RabbitMqTheory]
    [MemberData(nameof(BadTokens))]
    public async Task A_service_called_directly_refuses_a_missing_or_bad_token(string why, string? token)
    {
        foreach (var (name, method) in OneMethodOf)
        {
            using var channel = TestTokens.Channel(suite.Processes[name].GrpcAddress, token);
            var raw = Marshallers.Create<byte[]>(b => b, b => b);
            var parts = method.Split('/');
            var error = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(
                new Method<byte[], byte[]>(MethodType.Unary, parts[0], parts[1], raw, raw), null, new CallOptions(), []).ResponseAsync);
            Assert.True(StatusCode.Unauthenticated == error.StatusCode, $"{name}, {why}: {error.Status}");
        }

        using var households = TestTokens.Channel(suite.Processes["households"].GrpcAddress, token);
        var direct = await Assert.ThrowsAsync<RpcException>(() =>
            new HouseholdRegistry.HouseholdRegistryClient(households).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, direct.StatusCode);

        using var http = TestTokens.Http(suite.Processes["households"].HttpAddress, token);
        var rest = await http.GetAsync($"/api/v1/households/{Guid.NewGuid()}");
        Assert.True(HttpStatusCode.Unauthorized == rest.StatusCode, $"{why}: {(int)rest.StatusCode}");
    }

    [RabbitMqFact]
    public async Task A_service_called_directly_with_a_valid_token_serves_it()
    {
        using var channel = suite.Processes["households"].Channel(Coordinator);
        var page = await new HouseholdRegistry.HouseholdRegistryClient(channel).ListHouseholdsAsync(new ListHouseholdsRequest());
        Assert.NotNull(page);
    }

    [RabbitMqFact]
    public async Task Health_stays_anonymous_at_the_gateway_and_the_services()
    {
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(suite.Gateway.HttpAddress, "/health"))).StatusCode);
        using var channel = TestTokens.Channel(suite.Processes["medical"].GrpcAddress, token: null);
        var health = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest());
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [RabbitMqFact]
    public async Task A_development_client_gets_a_token_by_client_credentials_and_it_carries_its_role()
    {
        var token = await suite.FetchTokenAsync("dev-coordinator", "dev-coordinator-secret");

        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[1])).RootElement;
        Assert.Equal("dev-coordinator", payload.GetProperty("sub").GetString());
        Assert.Contains("coordinator", payload.GetProperty("role").ToString());
        Assert.Contains("coordination", payload.GetProperty("aud").ToString());

        using var channel = suite.GatewayChannelWithToken(token);
        var page = await new HouseholdRegistry.HouseholdRegistryClient(channel).ListHouseholdsAsync(new ListHouseholdsRequest());
        Assert.NotNull(page);

        // The department client's token reaches its own service and the resolve call, not the registry's writes.
        var industry = await suite.FetchTokenAsync("dev-industry", "dev-industry-secret");
        using var industryChannel = suite.GatewayChannelWithToken(industry);
        var denied = await Assert.ThrowsAsync<RpcException>(() =>
            new HouseholdRegistry.HouseholdRegistryClient(industryChannel).RegisterHouseholdAsync(People.Family()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    [RabbitMqFact]
    public async Task A_wrong_client_secret_gets_no_token()
    {
        using var http = new HttpClient { BaseAddress = suite.Gateway.HttpAddress };
        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "dev-coordinator", ["client_secret"] = "guess",
        }));
        Assert.False(response.IsSuccessStatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    /// <summary>The same header and payload, one character of the signature changed.</summary>
    private static string Tamper(string token)
    {
        var last = token[^2];
        return token[..^2] + (last == 'A' ? 'B' : 'A') + token[^1];
    }

    /// <summary>The signature of the original claims over a payload that now says "auditor" too.</summary>
    private static string TamperPayload(string token)
    {
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"coordinator\"", "\"auditor\"");
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }
}
