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
/// The donors service and the gateway as processes over the test RabbitMQ. The households ledger that
/// will publish NeedOpened (issue #8) does not exist yet, so the test publishes the need itself, as
/// the ledger will; the AidGranted it would consume is received by a probe on the same exchange.
/// </summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private ProcessSuite? _suite;
    private HttpClient _gateway = null!;
    private GrpcChannel _gatewayChannel = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.RabbitMq is null) return; // the test skips itself
        _suite = await ProcessSuite.StartAsync(["donors"], withGateway: true);
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
            clientKey = "e2e-1", kind = "PLEDGE_KIND_MONEY", title = "助学金", amountFen = 500_000, perHouseholdCap = 150_000,
            targetRegionCodes = new[] { "520402" }, categories = new[] { "NEED_CATEGORY_EDUCATION" },
            validFrom = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), validUntil = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd"),
        });

        await using var granted = await EventProbe<AidGranted>.StartAsync();
        var need = new NeedOpened(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "520402101201", Contracts.NeedCategory.Education, 4,
            "school-age child without education aid", DateTime.UtcNow);
        await PublishAsync(need);

        // The need arrives over RabbitMQ; a matching run finds it once the consumer has stored it.
        var allocation = (JsonElement)await Eventually.GetAsync<object>(async () =>
        {
            var run = await PostAsync("/api/v1/donors/matching:run", new { });
            return run.TryGetProperty("allocations", out var list) && list.GetArrayLength() > 0 ? list[0] : null;
        }, TimeSpan.FromSeconds(20), "the need to be matched\n" + Logs());
        Assert.Equal(need.NeedId.ToString(), allocation.GetProperty("needId").GetString());
        Assert.Equal(150_000, allocation.GetProperty("quantity").GetInt64());
        var allocationId = allocation.GetProperty("allocationId").GetString();

        await PostAsync($"/api/v1/donors/allocations/{allocationId}:deliver", new { });

        var grant = (await granted.WaitForAsync(g => g.GrantId.ToString() == allocationId, TimeSpan.FromSeconds(15))).Message;
        Assert.Equal(need.HouseholdId, grant.HouseholdId);
        Assert.Equal(need.PersonId, grant.PersonId);
        Assert.Equal(new Grantor(GrantorKind.Enterprise, creditCode, "黔货出山农业发展有限公司"), grant.Grantor);
        Assert.Equal("donor.money", grant.BenefitTypeCode);
        Assert.Equal(150_000, grant.AmountFen);

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
