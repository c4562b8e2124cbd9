using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.BuildingBlocks.Security;
using Coordination.Households.V1;
using Coordination.Ledger.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// Region scope end to end: the development county coordinator (dev-county, 520402) and village
/// coordinator (dev-village, 520402101201) with real tokens from the gateway's token server, and
/// callers bounded the same way straight at the service processes: each reads and lists only its
/// own region's households, needs, aid and totals; a record of another county is PermissionDenied
/// and in no list. The households are filed nation-wide (dev-coordinator) and reach the ledger by
/// the registry's events.
/// </summary>
[Collection(SecuredSuiteCollection.Name)]
public class RegionScopeTests(SecuredSuite suite)
{
    private sealed record Seeded(Household Own, Household OtherVillage, Household Neighbour);

    private async Task<Seeded> SeedAsync()
    {
        using var channel = suite.GatewayChannelWithToken(await suite.FetchTokenAsync("dev-coordinator", "dev-coordinator-secret"));
        var registry = new HouseholdRegistry.HouseholdRegistryClient(channel);
        var seeded = new Seeded(
            await registry.RegisterHouseholdAsync(People.Family("520402101201")),
            await registry.RegisterHouseholdAsync(People.Family("520402101202")),
            await registry.RegisterHouseholdAsync(People.Family("520403101201")));
        // The ledger learns them from HouseholdRegistered, and finds each child's education need.
        var ledger = new AidLedger.AidLedgerClient(channel);
        foreach (var h in new[] { seeded.Own, seeded.OtherVillage, seeded.Neighbour })
            await Eventually.TrueAsync(async () =>
                (await ledger.ListOpenNeedsAsync(new ListOpenNeedsRequest { HouseholdId = h.HouseholdId })).Needs.Count > 0,
                TimeSpan.FromSeconds(60), $"the ledger knows household {h.HouseholdId}");
        return seeded;
    }

    private static async Task DeniedAsync(string what, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(error.StatusCode == StatusCode.PermissionDenied, $"{what}: {error.Status}");
    }

    private static async Task<List<Household>> ListAsync(HouseholdRegistry.HouseholdRegistryClient registry, string prefix)
    {
        var (all, request) = (new List<Household>(), new ListHouseholdsRequest { RegionPrefix = prefix, PageSize = 500 });
        do
        {
            var page = await registry.ListHouseholdsAsync(request);
            all.AddRange(page.Households);
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        return all;
    }

    /// <summary>What a county coordinator may and may not do, on one channel (the gateway's or a service's).</summary>
    private static async Task CountyChecksAsync(string where, GrpcChannel registryChannel, GrpcChannel ledgerChannel, Seeded s)
    {
        var registry = new HouseholdRegistry.HouseholdRegistryClient(registryChannel);
        var ledger = new AidLedger.AidLedgerClient(ledgerChannel);

        Assert.Equal(s.Own.HouseholdId, (await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = s.Own.HouseholdId })).HouseholdId);
        Assert.Equal(s.OtherVillage.HouseholdId, (await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = s.OtherVillage.HouseholdId })).HouseholdId);
        await DeniedAsync($"{where}: get the neighbour county's household", () => registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = s.Neighbour.HouseholdId }).ResponseAsync);
        await DeniedAsync($"{where}: update it", () => registry.UpdateHouseholdAsync(new UpdateHouseholdRequest { HouseholdId = s.Neighbour.HouseholdId, Version = s.Neighbour.Version, Address = "改" }).ResponseAsync);
        await DeniedAsync($"{where}: file into it", () => registry.RegisterHouseholdAsync(People.Family("520403101202")).ResponseAsync);

        var listed = await ListAsync(registry, "5204");
        Assert.Contains(listed, h => h.HouseholdId == s.Own.HouseholdId);
        Assert.Contains(listed, h => h.HouseholdId == s.OtherVillage.HouseholdId);
        Assert.All(listed, h => Assert.StartsWith("520402", h.RegionCode));

        Assert.NotNull(await ledger.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = s.Own.HouseholdId }));
        await DeniedAsync($"{where}: the neighbour's aid", () => ledger.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = s.Neighbour.HouseholdId }).ResponseAsync);
        await DeniedAsync($"{where}: the neighbour's exit", () => ledger.EvaluateExitAsync(new EvaluateExitRequest { HouseholdId = s.Neighbour.HouseholdId }).ResponseAsync);
        var needs = (await ledger.ListOpenNeedsAsync(new ListOpenNeedsRequest { RegionPrefix = "52", PageSize = 500 })).Needs;
        Assert.Contains(needs, n => n.HouseholdId == s.Own.HouseholdId);
        Assert.All(needs, n => Assert.StartsWith("520402", n.RegionCode));
        Assert.All((await ledger.ListAidDuplicatesAsync(new ListAidDuplicatesRequest { RegionPrefix = "52", PageSize = 500 })).Duplicates,
            d => Assert.StartsWith("520402", d.RegionCode));
        Assert.True((await ledger.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "520402" })).RegionPrefix == "520402");
        await DeniedAsync($"{where}: the city's totals", () => ledger.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "5204" }).ResponseAsync);
        await DeniedAsync($"{where}: the neighbour's totals", () => ledger.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "520403" }).ResponseAsync);
    }

    [RabbitMqFact]
    public async Task The_county_coordinator_s_token_bounds_it_to_its_county_over_the_gateway_and_at_the_services()
    {
        var s = await SeedAsync();
        var token = await suite.FetchTokenAsync("dev-county", "dev-county-secret");

        using (var gateway = suite.GatewayChannelWithToken(token))
            await CountyChecksAsync("gateway", gateway, gateway, s);

        // The same token straight at the services: they check it themselves, not the gateway for them.
        using (var households = TestTokens.Channel(suite.Processes["households"].GrpcAddress, token))
        using (var ledger = TestTokens.Channel(suite.Processes["ledger"].GrpcAddress, token))
            await CountyChecksAsync("services", households, ledger, s);

        // And a county caller minted by the test, straight at the services.
        var county = TestCaller.WithRoles(Roles.Coordinator).InRegions("520402");
        using (var households = suite.Processes["households"].Channel(county))
        using (var ledger = suite.Processes["ledger"].Channel(county))
            await CountyChecksAsync("services, minted token", households, ledger, s);

        // REST, through the gateway and at the services' HTTP ports: 403 for the neighbour, only the county in lists.
        foreach (var (where, http) in new[]
        {
            ("gateway", suite.GatewayHttpWithToken(token)),
            ("households", TestTokens.Http(suite.Processes["households"].HttpAddress, token)),
            ("ledger", TestTokens.Http(suite.Processes["ledger"].HttpAddress, token)),
        })
            using (http)
            {
                if (where != "ledger")
                {
                    Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/v1/households/{s.Neighbour.HouseholdId}")).StatusCode);
                    var list = await http.GetFromJsonAsync<JsonElement>("/api/v1/households?regionPrefix=5204&pageSize=500");
                    Assert.All(list.GetProperty("households").EnumerateArray(), h => Assert.StartsWith("520402", h.GetProperty("regionCode").GetString()));
                }
                if (where != "households")
                {
                    Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/v1/ledger/households/{s.Neighbour.HouseholdId}/aid")).StatusCode);
                    Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/ledger/regions/5204/aid-totals")).StatusCode);
                    Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/ledger/regions/520402/aid-totals")).StatusCode);
                }
            }
    }

    [RabbitMqFact]
    public async Task The_village_coordinator_s_token_bounds_it_to_its_village_and_a_token_without_a_region_to_nothing()
    {
        var s = await SeedAsync();
        using (var gateway = suite.GatewayChannelWithToken(await suite.FetchTokenAsync("dev-village", "dev-village-secret")))
        {
            var registry = new HouseholdRegistry.HouseholdRegistryClient(gateway);
            var ledger = new AidLedger.AidLedgerClient(gateway);
            Assert.Equal(s.Own.HouseholdId, (await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = s.Own.HouseholdId })).HouseholdId);
            await DeniedAsync("the other village", () => registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = s.OtherVillage.HouseholdId }).ResponseAsync);
            Assert.All(await ListAsync(registry, "520402"), h => Assert.Equal("520402101201", h.RegionCode));
            await DeniedAsync("the other village's aid", () => ledger.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = s.OtherVillage.HouseholdId }).ResponseAsync);
            await DeniedAsync("the county's totals", () => ledger.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "520402" }).ResponseAsync);
            Assert.All((await ledger.ListOpenNeedsAsync(new ListOpenNeedsRequest { RegionPrefix = "520402", PageSize = 500 })).Needs,
                n => Assert.Equal("520402101201", n.RegionCode));
        }

        // A coordinator whose token names no region, at the gateway and at the services.
        var nowhere = TestCaller.WithRoles(Roles.Coordinator).InRegions();
        foreach (var (registryChannel, ledgerChannel) in new[]
        {
            (suite.GatewayChannel(nowhere), suite.GatewayChannel(nowhere)),
            (suite.Processes["households"].Channel(nowhere), suite.Processes["ledger"].Channel(nowhere)),
        })
        {
            using (registryChannel)
            using (ledgerChannel)
            {
                var registry = new HouseholdRegistry.HouseholdRegistryClient(registryChannel);
                var ledger = new AidLedger.AidLedgerClient(ledgerChannel);
                Assert.Empty(await ListAsync(registry, ""));
                Assert.Empty((await ledger.ListOpenNeedsAsync(new ListOpenNeedsRequest { RegionPrefix = "52" })).Needs);
                await DeniedAsync("get", () => registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = s.Own.HouseholdId }).ResponseAsync);
                await DeniedAsync("register", () => registry.RegisterHouseholdAsync(People.Family("520402101201")).ResponseAsync);
                await DeniedAsync("aid", () => ledger.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = s.Own.HouseholdId }).ResponseAsync);
            }
        }
    }
}
