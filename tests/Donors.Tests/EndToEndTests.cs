using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Donors.V1;
using Coordination.TestSupport;
using Grpc.Net.Client;
using MassTransit;
using Xunit;

namespace Coordination.Donors.Tests;

/// <summary>
/// The households, ledger and donors services and the gateway as processes over the test RabbitMQ.
/// The household is registered in the real registry and the delivered allocation is read back from
/// the real ledger. Beside the ledger's own need for the household, the test publishes one as the
/// ledger does (NeedOpened), on the same exchange: either may be the one matched.
/// </summary>
[Trait("Acceptance", "3")]
public sealed class EndToEndTests : IAsyncLifetime
{
    private ProcessSuite? _suite;
    private HttpClient _gateway = null!;
    private GrpcChannel _gatewayChannel = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.RabbitMq is null) return; // the test skips itself
        _suite = await ProcessSuite.StartAsync(["households", "ledger", "donors"], withGateway: true);
        _gateway = _suite.Gateway.Http();
        _gatewayChannel = _suite.Gateway.Channel();
    }

    public async Task DisposeAsync()
    {
        _gateway?.Dispose();
        _gatewayChannel?.Dispose();
        if (_suite is not null) await _suite.DisposeAsync();
    }

    [RabbitMqFact]
    public async Task An_enterprise_registers_through_the_gateway_pledges_and_sees_its_help_reach_a_household()
    {
        var creditCode = Enterprises.NewCreditCode();

        // Invalid input through the gateway: problem details, nothing stored.
        var invalid = await _gateway.PostAsJsonAsync("/api/v1/donors/enterprises", new { name = "某公司", creditCode = creditCode[..17] + "?" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("credit_code", out _));

        var registered = await PostAsync("/api/v1/donors/enterprises", new
        {
            name = "黔货出山农业发展有限公司", creditCode = creditCode.ToLowerInvariant(), contactName = "陈经理", contactPhone = "0858-1234567", regionCode = "520402",
        });
        var enterpriseId = registered.GetProperty("enterpriseId").GetString();
        Assert.Equal("ENTERPRISE_STATUS_PENDING", registered.GetProperty("status").GetString());
        var approved = await PostAsync($"/api/v1/donors/enterprises/{enterpriseId}:approve", new { approvedBy = "县扶贫办 李主任" });
        Assert.Equal("ENTERPRISE_STATUS_APPROVED", approved.GetProperty("status").GetString());
        await PostAsync($"/api/v1/donors/enterprises/{enterpriseId}:activate", new { });
        // The same enterprise over gRPC through the gateway (routed by the package name).
        var overGrpc = await new DonorEnterprises.DonorEnterprisesClient(_gatewayChannel).GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = enterpriseId });
        Assert.Equal(EnterpriseStatus.Active, overGrpc.Status);
        Assert.Equal(creditCode, overGrpc.CreditCode);
        var pledge = await PostAsync($"/api/v1/donors/enterprises/{enterpriseId}/pledges", new
        {
            requestId = "e2e-1", kind = "PLEDGE_KIND_MONEY", title = "助学金", amountFen = 500_000, perHouseholdCap = 150_000,
            targetRegionCodes = new[] { "520402" }, categories = new[] { "NEED_CATEGORY_EDUCATION" },
            validFrom = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), validUntil = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd"),
        });

        // A household filed in the registry (through the gateway); its child lacks education aid, which
        // the ledger publishes as a need; the test publishes one more as the ledger does. Either may be matched.
        await using var needs = await EventProbe<NeedOpened>.StartAsync();
        var household = await new Households.V1.HouseholdRegistry.HouseholdRegistryClient(_gatewayChannel).RegisterHouseholdAsync(People.Family("520402101201"));
        var householdId = Guid.Parse(household.HouseholdId);
        var child = household.Members.First(m => m.Relation == Households.V1.Relation.Child);
        await using var granted = await EventProbe<AidGranted>.StartAsync();
        var published = new NeedOpened(Guid.NewGuid(), householdId, Guid.Parse(child.PersonId), "520402101201",
            Contracts.NeedCategory.Education, 4, "school-age child without education aid", DateTime.UtcNow);
        await PublishAsync(published);

        // The need arrives over RabbitMQ; a matching run finds it once the consumer has stored it.
        var allocation = (JsonElement)await Eventually.GetAsync<object>(async () =>
        {
            var run = await PostAsync("/api/v1/donors/matching:run", new { });
            return run.TryGetProperty("allocations", out var list) && list.GetArrayLength() > 0 ? list[0] : null;
        }, TimeSpan.FromSeconds(20), "the need to be matched\n" + Logs());
        var householdNeeds = (await needs.WaitForAsync(n => n.NeedId == published.NeedId, TimeSpan.FromSeconds(15))) is not null
            ? needs.Received.Select(r => r.Message).Where(n => n.HouseholdId == householdId).ToList()
            : [];
        var need = Assert.Single(householdNeeds, n => n.NeedId.ToString() == allocation.GetProperty("needId").GetString());
        Assert.Equal(Contracts.NeedCategory.Education, need.Category);
        Assert.Equal(150_000, allocation.GetProperty("quantity").GetInt64());
        var allocationId = allocation.GetProperty("allocationId").GetString();

        await PostAsync($"/api/v1/donors/allocations/{allocationId}:deliver", new { });

        var grant = (await granted.WaitForAsync(g => g.GrantId.ToString() == allocationId, TimeSpan.FromSeconds(15))).Message;
        Assert.Equal(need.HouseholdId, grant.HouseholdId);
        Assert.Equal(need.PersonId, grant.PersonId);
        Assert.Equal(new Grantor(GrantorKind.Enterprise, creditCode, "黔货出山农业发展有限公司"), grant.Grantor);
        Assert.Equal("donor.money", grant.BenefitTypeCode);
        Assert.Equal(150_000, grant.AmountFen);

        // The allocation reached the household's ledger, with the enterprise as grantor.
        var aid = await Eventually.GetAsync<object>(async () =>
        {
            var read = await _gateway.GetFromJsonAsync<JsonElement>($"/api/v1/ledger/households/{household.HouseholdId}/aid");
            return read.TryGetProperty("grants", out var grants) && grants.EnumerateArray().Any(g => g.GetProperty("grantId").GetString() == allocationId)
                ? read : null;
        }, TimeSpan.FromSeconds(20), "the grant in the household ledger\n" + Logs());
        var ledger = (JsonElement)aid;
        var entry = ledger.GetProperty("grants").EnumerateArray().Single(g => g.GetProperty("grantId").GetString() == allocationId);
        Assert.Equal(creditCode, entry.GetProperty("grantorCode").GetString());
        Assert.Equal("AID_GRANTOR_KIND_ENTERPRISE", entry.GetProperty("grantorKind").GetString());
        Assert.Equal(child.PersonId, entry.GetProperty("personId").GetString());
        Assert.Equal(150_000, long.Parse(ledger.GetProperty("totalValueFen").ToString()));

        var trace = await _gateway.GetFromJsonAsync<JsonElement>($"/api/v1/donors/enterprises/{enterpriseId}/trace");
        var item = trace.GetProperty("pledges")[0];
        Assert.Equal(pledge.GetProperty("pledgeId").GetString(), item.GetProperty("pledge").GetProperty("pledgeId").GetString());
        Assert.Equal(350_000, item.GetProperty("remaining").GetInt64());
        var traced = item.GetProperty("allocations")[0];
        Assert.Equal("ALLOCATION_STATUS_DELIVERED", traced.GetProperty("status").GetString());
        Assert.Equal("520402101201", traced.GetProperty("regionCode").GetString());
        Assert.Equal("NEED_CATEGORY_EDUCATION", traced.GetProperty("category").GetString());
        Assert.Matches("^[0-9a-f]{4}\\*+[0-9a-f]{4}$", traced.GetProperty("householdCode").GetString());
        Assert.DoesNotContain(need.HouseholdId.ToString(), trace.ToString());
    }

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        var response = await _gateway.PostAsJsonAsync(path, body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {json}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>Publishes as the ledger will, on the same broker and exchange.</summary>
    private static async Task PublishAsync<T>(T message) where T : class
    {
        var uri = TestEnvironment.RabbitMq!;
        var settings = TestEnvironment.RabbitMqSettings();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(uri.Host, (ushort)uri.Port, settings["Messaging:RabbitMq:VirtualHost"], h =>
        {
            h.Username(settings["Messaging:RabbitMq:Username"]!);
            h.Password(settings["Messaging:RabbitMq:Password"]!);
        }));
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        try
        {
            await bus.Publish(message);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private string Logs() => _suite!.Logs(15);
}
