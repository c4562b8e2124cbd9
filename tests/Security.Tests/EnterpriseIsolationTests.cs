using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Security;
using Coordination.Donors.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// Acceptance 2, through the gateway with real client credentials: two enterprises register
/// themselves (anonymously), a coordinator approves them and has the gateway issue each its client
/// credentials, each fetches its token; B can neither read nor change A's registration, pledges or
/// trace, while A can.
/// </summary>
[Collection(SecuredSuiteCollection.Name)]
public class EnterpriseIsolationTests(SecuredSuite suite)
{
    private static int _sequence = Random.Shared.Next(0, 1_000_000);

    [RabbitMqFact]
    public async Task Enterprise_B_cannot_read_or_change_A_s_registration_pledges_or_trace()
    {
        var coordinatorToken = await suite.FetchTokenAsync("dev-coordinator", "dev-coordinator-secret");
        var (a, aToken) = await OnboardAsync(coordinatorToken);
        var (b, bToken) = await OnboardAsync(coordinatorToken);

        using var aChannel = suite.GatewayChannelWithToken(aToken);
        using var bChannel = suite.GatewayChannelWithToken(bToken);
        var asA = new DonorEnterprises.DonorEnterprisesClient(aChannel);
        var asB = new DonorEnterprises.DonorEnterprisesClient(bChannel);

        // A confirms itself and pledges: its own data, allowed.
        await asA.ActivateEnterpriseAsync(new ActivateEnterpriseRequest { EnterpriseId = a });
        var pledge = await asA.CreatePledgeAsync(MoneyPledge(a));
        Assert.Equal(a, pledge.EnterpriseId);
        Assert.Equal(a, (await asA.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = a })).EnterpriseId);
        Assert.Single((await asA.GetTraceAsync(new GetTraceRequest { EnterpriseId = a })).Pledges);

        // B, with a valid token of its own, reaches none of A's.
        var attempts = new (string What, Func<Task> Call)[]
        {
            ("read A's registration", () => asB.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = a }).ResponseAsync),
            ("read A's trace", () => asB.GetTraceAsync(new GetTraceRequest { EnterpriseId = a }).ResponseAsync),
            ("pledge in A's name", () => asB.CreatePledgeAsync(MoneyPledge(a)).ResponseAsync),
            ("activate A", () => asB.ActivateEnterpriseAsync(new ActivateEnterpriseRequest { EnterpriseId = a }).ResponseAsync),
            ("change A's paired villages", () => asB.SetPairedVillagesAsync(new SetPairedVillagesRequest { EnterpriseId = a, VillageCodes = { "520402101201" } }).ResponseAsync),
        };
        foreach (var (what, call) in attempts)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(StatusCode.PermissionDenied == error.StatusCode, $"B tried to {what}: {error.Status}");
        }

        using var bHttp = suite.GatewayHttpWithToken(bToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await bHttp.GetAsync($"/api/v1/donors/enterprises/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bHttp.GetAsync($"/api/v1/donors/enterprises/{a}/trace")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bHttp.PostAsJsonAsync($"/api/v1/donors/enterprises/{a}/pledges", new { requestId = "x" })).StatusCode);

        // Nothing B tried changed A: still one pledge, and B's own trace is empty.
        Assert.Single((await asA.GetTraceAsync(new GetTraceRequest { EnterpriseId = a })).Pledges);
        Assert.Empty((await asB.GetTraceAsync(new GetTraceRequest { EnterpriseId = b })).Pledges);

        // An enterprise cannot approve itself or run the matching: those are the coordinators'.
        var approve = await Assert.ThrowsAsync<RpcException>(() => asB.ApproveEnterpriseAsync(new ApproveEnterpriseRequest { EnterpriseId = b, ApprovedBy = "B" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, approve.StatusCode);
    }

    [RabbitMqFact]
    public async Task A_pending_enterprise_receives_no_credentials_and_only_a_coordinator_may_issue_them()
    {
        using var anonymous = suite.GatewayHttpWithToken(null);
        var registered = await (await anonymous.PostAsJsonAsync("/api/v1/donors/enterprises", Registration())).Content.ReadFromJsonAsync<JsonElement>();
        var id = registered.GetProperty("enterpriseId").GetString()!;

        using var coordinator = suite.GatewayHttp(new TestCaller("issuing-coordinator", [Roles.Coordinator]));
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsync($"/api/v1/gateway/enterprises/{id}/credentials", null)).StatusCode);

        using var enterprise = suite.GatewayHttp(TestCaller.Enterprise(Guid.Parse(id)));
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.PostAsync($"/api/v1/gateway/enterprises/{id}/credentials", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/v1/gateway/enterprises/{id}/credentials", null)).StatusCode);
    }

    /// <summary>Self-registration (anonymous, REST), approval by the coordinator, credentials from the gateway, a token from the token server.</summary>
    private async Task<(string Id, string Token)> OnboardAsync(string coordinatorToken)
    {
        using var anonymous = suite.GatewayHttpWithToken(null);
        var response = await anonymous.PostAsJsonAsync("/api/v1/donors/enterprises", Registration());
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enterpriseId").GetString()!;

        using var channel = suite.GatewayChannelWithToken(coordinatorToken);
        await new DonorEnterprises.DonorEnterprisesClient(channel).ApproveEnterpriseAsync(new ApproveEnterpriseRequest { EnterpriseId = id, ApprovedBy = "李主任" });

        using var coordinator = suite.GatewayHttpWithToken(coordinatorToken);
        var issued = await coordinator.PostAsync($"/api/v1/gateway/enterprises/{id}/credentials", null);
        var credentials = await issued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(issued.IsSuccessStatusCode, $"{(int)issued.StatusCode} {credentials}");
        var token = await suite.FetchTokenAsync(credentials.GetProperty("clientId").GetString()!, credentials.GetProperty("clientSecret").GetString()!);
        return (id, token);
    }

    private static object Registration()
    {
        var organisation = Interlocked.Increment(ref _sequence).ToString("000000000", CultureInfo.InvariantCulture);
        var first17 = "91520402" + organisation;
        return new
        {
            name = "黔货出山农业发展有限公司", creditCode = first17 + CreditCode.CheckCharacter(first17), contactName = "陈经理",
            contactPhone = "0858-1234567", regionCode = "520402",
        };
    }

    private static CreatePledgeRequest MoneyPledge(string enterpriseId)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var request = new CreatePledgeRequest
        {
            EnterpriseId = enterpriseId,
            RequestId = Guid.NewGuid().ToString(),
            Kind = PledgeKind.Money,
            Title = "助学金",
            AmountFen = 1_000_000,
            PerHouseholdCap = 200_000,
            ValidFrom = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ValidUntil = today.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        request.TargetRegionCodes.Add("520402");
        request.Categories.Add(NeedCategory.Education);
        return request;
    }
}
