using System.Net;
using Coordination.BuildingBlocks.Security;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// Acceptance 4: the gateway limits calls per client (the client id of its token). The suite gives
/// one client 3 calls per ten minutes: its fourth call is ResourceExhausted over gRPC and 429 over
/// REST, while another client, calling at the same time, is served.
/// </summary>
[Collection(SecuredSuiteCollection.Name)]
public class RateLimitTests(SecuredSuite suite)
{
    [RabbitMqFact]
    public async Task A_client_over_its_limit_gets_ResourceExhausted_and_429_while_another_client_is_unaffected()
    {
        var limited = new TestCaller(SecuredSuite.LimitedClient, [Roles.Coordinator]);
        var other = new TestCaller("unlimited-neighbour", [Roles.Coordinator]);
        using var limitedChannel = suite.GatewayChannel(limited);
        using var otherChannel = suite.GatewayChannel(other);
        var asLimited = new HouseholdRegistry.HouseholdRegistryClient(limitedChannel);
        var asOther = new HouseholdRegistry.HouseholdRegistryClient(otherChannel);

        for (var i = 0; i < SecuredSuite.LimitedPermits; i++)
        {
            await asLimited.ListHouseholdsAsync(new ListHouseholdsRequest());
            await asOther.ListHouseholdsAsync(new ListHouseholdsRequest());
        }

        var exhausted = await Assert.ThrowsAsync<RpcException>(() => asLimited.ListHouseholdsAsync(new ListHouseholdsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, exhausted.StatusCode);
        using var limitedHttp = suite.GatewayHttp(limited);
        var tooMany = await limitedHttp.GetAsync("/api/v1/households");
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);

        // The neighbour goes on, over both transports.
        for (var i = 0; i < 10; i++) await asOther.ListHouseholdsAsync(new ListHouseholdsRequest());
        using var otherHttp = suite.GatewayHttp(other);
        Assert.Equal(HttpStatusCode.OK, (await otherHttp.GetAsync("/api/v1/households")).StatusCode);
    }
}
