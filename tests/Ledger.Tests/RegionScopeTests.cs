using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Ledger.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;
using static Coordination.Ledger.Tests.LedgerKit;
using GrantorKind = Coordination.Contracts.GrantorKind;

namespace Coordination.Ledger.Tests;

/// <summary>
/// Region scope in the ledger, from a scoped coordinator's side: a household's aid, needs,
/// duplicates and exit evaluation, region totals and disasters only within its regions. Households:
/// two villages of county 520402, one of county 520403 (same city 5204), one of city 5202; each with
/// an education need, 300 yuan of premium subsidy given twice (a duplicate) and 100 yuan of dividend.
/// </summary>
public class RegionScopeTests : IAsyncLifetime
{
    private static readonly TestCaller Coordinator = TestCaller.WithRoles(Roles.Coordinator);
    private static readonly TestCaller County = Coordinator.InRegions("520402");
    private static readonly Grantor Donor = new(GrantorKind.Enterprise, "91520402MA6DM5X12L", "安顺某茶叶公司");
    private static readonly DateOnly YearStart = new(2026, 1, 1);

    private LedgerFactory _factory = null!;
    private Guid _village, _otherVillage, _neighbour, _otherCity;

    public Task InitializeAsync() => StartAsync(DatabaseProvider.Sqlite);

    private async Task StartAsync(DatabaseProvider provider)
    {
        if (_factory is not null) await _factory.DisposeAsync();
        _factory = await LedgerFactory.CreateAsync(provider);
        _village = await FamilyAsync("520402101201");
        _otherVillage = await FamilyAsync("520402101202");
        _neighbour = await FamilyAsync("520403101201");
        _otherCity = await FamilyAsync("520221100203");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private async Task<Guid> FamilyAsync(string region)
    {
        var h = await _factory.RegisteredAsync(People.Family(region));
        var id = Guid.Parse(h.HouseholdId);
        await _factory.NeedsOfKindsAsync(id, NeedKinds.EducationAid);
        var person = Guid.Parse(h.Members[0].PersonId);
        await _factory.DeliverAsync(Grant(id, person, MedicalDept, "medical.premium-subsidy", 30_000, YearStart, new(2026, 12, 31)));
        await _factory.DeliverAsync(Grant(id, person, Donor, "medical.premium-subsidy", 30_000, YearStart, new(2026, 12, 31)));
        await _factory.DeliverAsync(Grant(id, null, IndustryDept, "industry.dividend", 10_000, YearStart, new(2026, 3, 31)));
        return id;
    }

    private AidLedger.AidLedgerClient As(TestCaller caller) => new(_factory.Channel(caller));

    private static async Task DeniedAsync(string what, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(error.StatusCode == StatusCode.PermissionDenied, $"{what}: {error.Status}");
    }

    private static CheckAidGrantRequest Check(Guid household) => new()
    {
        HouseholdId = household.ToString(), GrantorKind = AidGrantorKind.Department, GrantorCode = "medical",
        BenefitTypeCode = "medical.premium-subsidy", AmountFen = 30_000, PeriodStart = "2026-01-01", PeriodEnd = "2026-12-31",
    };

    private static async Task<List<Need>> AllNeedsAsync(AidLedger.AidLedgerClient ledger, string prefix)
    {
        var (needs, request) = (new List<Need>(), new ListOpenNeedsRequest { RegionPrefix = prefix, PageSize = 1 });
        do
        {
            var page = await ledger.ListOpenNeedsAsync(request);
            needs.AddRange(page.Needs);
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        return needs;
    }

    [Fact]
    public async Task A_county_coordinator_reads_its_county_s_households_and_is_denied_another_county_s()
    {
        var county = As(County);
        foreach (var own in new[] { _village, _otherVillage })
        {
            Assert.Equal(3, (await county.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = own.ToString() })).Grants.Count);
            Assert.Single((await county.ListOpenNeedsAsync(new ListOpenNeedsRequest { HouseholdId = own.ToString() })).Needs);
            Assert.Single((await county.ListAidDuplicatesAsync(new ListAidDuplicatesRequest { HouseholdId = own.ToString() })).Duplicates);
            Assert.Equal(own.ToString(), (await county.EvaluateExitAsync(new EvaluateExitRequest { HouseholdId = own.ToString() })).HouseholdId);
            Assert.NotNull(await county.CheckAidGrantAsync(Check(own))); // answered, not refused
        }
        foreach (var other in new[] { _neighbour, _otherCity })
        {
            var id = other.ToString();
            await DeniedAsync("aid", () => county.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = id }).ResponseAsync);
            await DeniedAsync("needs", () => county.ListOpenNeedsAsync(new ListOpenNeedsRequest { HouseholdId = id }).ResponseAsync);
            await DeniedAsync("needs with a region", () => county.ListOpenNeedsAsync(new ListOpenNeedsRequest { HouseholdId = id, RegionPrefix = "520402" }).ResponseAsync);
            await DeniedAsync("duplicates", () => county.ListAidDuplicatesAsync(new ListAidDuplicatesRequest { HouseholdId = id }).ResponseAsync);
            await DeniedAsync("exit", () => county.EvaluateExitAsync(new EvaluateExitRequest { HouseholdId = id }).ResponseAsync);
            await DeniedAsync("check", () => county.CheckAidGrantAsync(Check(other)).ResponseAsync);
        }

        // A household the ledger does not know is in no one's scope: NotFound for the county, as before for the whole country.
        var unknown = Guid.NewGuid().ToString();
        var missing = await Assert.ThrowsAsync<RpcException>(() => county.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = unknown }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Empty((await _factory.Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = unknown })).Grants);
    }

    [Fact]
    public async Task Lists_by_region_hold_only_the_scope_s_needs_and_duplicates_and_page_through_them()
    {
        var county = As(County);
        var ours = new[] { _village, _otherVillage }.Select(h => h.ToString()).Order().ToList();
        foreach (var prefix in new[] { "520402", "5204", "52" })
        {
            Assert.Equal(ours, (await AllNeedsAsync(county, prefix)).Select(n => n.HouseholdId).Order());
            var duplicates = (await county.ListAidDuplicatesAsync(new ListAidDuplicatesRequest { RegionPrefix = prefix })).Duplicates;
            Assert.Equal(ours, duplicates.Select(d => d.HouseholdId).Order());
        }
        Assert.Equal([_village.ToString()], (await AllNeedsAsync(county, "520402101201")).Select(n => n.HouseholdId));
        Assert.Empty(await AllNeedsAsync(county, "520403"));
        Assert.Empty((await county.ListAidDuplicatesAsync(new ListAidDuplicatesRequest { RegionPrefix = "520403" })).Duplicates);

        // The nation-wide caller lists as before.
        Assert.Equal(4, (await AllNeedsAsync(_factory.Ledger(), "52")).Count);
    }

    [Fact]
    public async Task Region_totals_are_for_regions_inside_the_scope_only()
    {
        var county = As(County);
        var totals = await county.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "520402", Year = 2026 });
        Assert.Equal((2, 2 * 70_000L), (totals.Households, totals.TotalAmountFen));
        Assert.Equal(1, (await county.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "520402101202" })).Households);
        // Wider than the county (its totals would include the neighbour's aid), or elsewhere: refused, not cut down.
        foreach (var prefix in new[] { "5204", "52", "520403", "520221" })
            await DeniedAsync(prefix, () => county.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = prefix }).ResponseAsync);

        // A city scope: both of its counties, not another city.
        var city = As(Coordinator.InRegions("5204"));
        Assert.Equal(3, (await city.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "5204" })).Households);
        Assert.Equal(1, (await city.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "520403" })).Households);
        await DeniedAsync("another city", () => city.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "5202" }).ResponseAsync);
    }

    [Fact]
    public async Task A_village_coordinator_sees_only_its_village()
    {
        var village = As(Coordinator.InRegions("520402101201"));
        Assert.Equal([_village.ToString()], (await AllNeedsAsync(village, "520402")).Select(n => n.HouseholdId));
        Assert.Equal(1, (await village.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "520402101201" })).Households);
        await DeniedAsync("county totals", () => village.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "520402" }).ResponseAsync);
        await DeniedAsync("the other village's aid", () => village.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = _otherVillage.ToString() }).ResponseAsync);
    }

    [Fact]
    public async Task A_caller_with_no_region_or_only_a_lookalike_claim_sees_nothing_and_writes_nothing()
    {
        foreach (var caller in new[] { Coordinator.InRegions(), Coordinator.InRegions("5204021") })
        {
            var ledger = As(caller);
            Assert.Empty(await AllNeedsAsync(ledger, "52"));
            Assert.Empty((await ledger.ListAidDuplicatesAsync(new ListAidDuplicatesRequest { RegionPrefix = "52" })).Duplicates);
            Assert.Empty((await ledger.ListAidOutliersAsync(new ListAidOutliersRequest { RegionPrefix = "52", Year = 2026 })).Outliers);
            await DeniedAsync("aid", () => ledger.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = _village.ToString() }).ResponseAsync);
            await DeniedAsync("totals", () => ledger.GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "520402" }).ResponseAsync);
            await DeniedAsync("disaster", () => ledger.FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "520402", Reason = "山洪", RaisedBy = "县" }).ResponseAsync);
        }
        Assert.Empty((await _factory.Ledger().ListRegionDisastersAsync(new ListRegionDisastersRequest { RegionPrefix = "52", IncludeCleared = true })).Disasters);
    }

    [Fact]
    public async Task Outliers_are_listed_only_from_the_scope_s_villages()
    {
        // In each county a village of six, one far above the others (the catalogue's factor 2.5).
        var outliers = new Dictionary<string, Guid>();
        foreach (var region in new[] { "520402101203", "520403101203" })
        {
            long[] values = [100_000, 110_000, 120_000, 130_000, 400_000, 100_000];
            for (var i = 0; i < values.Length; i++)
            {
                var id = Guid.Parse((await _factory.RegisteredAsync(People.Family(region))).HouseholdId);
                await _factory.DeliverAsync(Grant(id, null, IndustryDept, "industry.dividend", values[i], YearStart, new(2026, 3, 31)));
                if (i == 4) outliers[region] = id;
            }
        }
        Assert.Equal(2, (await _factory.Ledger().ListAidOutliersAsync(new ListAidOutliersRequest { RegionPrefix = "5204", Year = 2026 })).Outliers.Count);

        var county = As(County);
        foreach (var prefix in new[] { "5204", "520402" })
        {
            var listed = (await county.ListAidOutliersAsync(new ListAidOutliersRequest { RegionPrefix = prefix, Year = 2026 })).Outliers;
            Assert.Equal(outliers["520402101203"].ToString(), Assert.Single(listed).HouseholdId);
        }
        Assert.Empty((await county.ListAidOutliersAsync(new ListAidOutliersRequest { RegionPrefix = "520403", Year = 2026 })).Outliers);
    }

    [Fact]
    public async Task Disasters_are_declared_listed_and_ended_only_on_regions_inside_the_scope()
    {
        var county = As(County);
        var province = await _factory.Ledger().FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "52", Reason = "暴雨", RaisedBy = "省应急厅" });
        var neighbours = await _factory.Ledger().FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "520403", Reason = "山洪", RaisedBy = "邻县" });

        foreach (var prefix in new[] { "520403101", "5204", "52" })
            await DeniedAsync("declare on " + prefix, () => county.FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = prefix, Reason = "山洪", RaisedBy = "县" }).ResponseAsync);
        var own = await county.FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "520402101", Reason = "山洪", RaisedBy = "县应急局" });
        Assert.Equal(2, own.HouseholdsFlagged);

        // Its county's view holds the province's disaster (it reaches the county's households) and its own, not the neighbour's.
        var listed = (await county.ListRegionDisastersAsync(new ListRegionDisastersRequest { RegionPrefix = "520402" })).Disasters;
        Assert.Equal(new[] { province.DisasterId, own.DisasterId }.Order(), listed.Select(d => d.DisasterId).Order());
        Assert.DoesNotContain(neighbours.DisasterId, listed.Select(d => d.DisasterId));
        await DeniedAsync("list the city", () => county.ListRegionDisastersAsync(new ListRegionDisastersRequest { RegionPrefix = "5204" }).ResponseAsync);
        await DeniedAsync("list the neighbour", () => county.ListRegionDisastersAsync(new ListRegionDisastersRequest { RegionPrefix = "520403" }).ResponseAsync);

        // Ending a disaster ends it for its whole region: the province's and the neighbour's are not the county's to end.
        await DeniedAsync("end the province's", () => county.ClearRegionDisasterAsync(new ClearRegionDisasterRequest { DisasterId = province.DisasterId, ClearedBy = "县" }).ResponseAsync);
        await DeniedAsync("end the neighbour's", () => county.ClearRegionDisasterAsync(new ClearRegionDisasterRequest { DisasterId = neighbours.DisasterId, ClearedBy = "县" }).ResponseAsync);
        Assert.NotNull((await county.ClearRegionDisasterAsync(new ClearRegionDisasterRequest { DisasterId = own.DisasterId, ClearedBy = "县应急局" })).ClearedAt);
        var standing = (await _factory.Ledger().ListRegionDisastersAsync(new ListRegionDisastersRequest { RegionPrefix = "52" })).Disasters;
        Assert.Equal(new[] { province.DisasterId, neighbours.DisasterId }.Order(), standing.Select(d => d.DisasterId).Order());
    }

    /// <summary>The scope's filters are index ranges joined to the region views' queries: PostgreSQL must translate them alike.</summary>
    [PostgresFact]
    public async Task On_PostgreSQL_region_views_hold_only_the_scope_s_records()
    {
        await StartAsync(DatabaseProvider.PostgreSql);
        await Lists_by_region_hold_only_the_scope_s_needs_and_duplicates_and_page_through_them();
        await Region_totals_are_for_regions_inside_the_scope_only();
        await Outliers_are_listed_only_from_the_scope_s_villages();
    }

    [Fact]
    public async Task Over_REST_another_county_s_aid_and_a_wider_region_s_totals_are_403()
    {
        using var http = _factory.CreateClient(County);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/v1/ledger/households/{_neighbour}/aid")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/ledger/regions/5204/aid-totals")).StatusCode);
        var totals = await http.GetFromJsonAsync<JsonElement>("/api/v1/ledger/regions/520402/aid-totals");
        Assert.Equal(2, totals.GetProperty("households").GetInt32());
        var needs = await http.GetFromJsonAsync<JsonElement>("/api/v1/ledger/needs?regionPrefix=5204");
        Assert.Equal(new[] { _village, _otherVillage }.Select(h => h.ToString()).Order(),
            needs.GetProperty("needs").EnumerateArray().Select(n => n.GetProperty("householdId").GetString()).Order());
    }
}
