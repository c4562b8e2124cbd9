using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Households.Tests;

/// <summary>
/// Region scope in the registry, from a scoped coordinator's side: it reads, lists and changes only
/// the households of its regions; another region's record is PermissionDenied and in no list.
/// Households: two villages of county 520402, one village of county 520403 (same city 5204), one of
/// city 5202; filed by the nation-wide test caller.
/// </summary>
public class RegionScopeTests : IAsyncLifetime
{
    private const string Village = "520402101201";
    private const string OtherVillage = "520402101202";
    private const string NeighbourCounty = "520403101201";
    private const string OtherCity = "520221100203";

    private static readonly TestCaller Coordinator = TestCaller.WithRoles(Roles.Coordinator);
    private static readonly TestCaller County = Coordinator.InRegions("520402");

    private HouseholdsFactory _factory = null!;
    private Household _village = null!, _otherVillage = null!, _neighbour = null!, _otherCity = null!;
    private RegisterHouseholdRequest _neighbourRequest = null!, _villageRequest = null!;

    public Task InitializeAsync() => StartAsync(DatabaseProvider.Sqlite);

    private async Task StartAsync(DatabaseProvider provider)
    {
        if (_factory is not null) await _factory.DisposeAsync();
        _factory = await HouseholdsFactory.CreateAsync(provider, LifecycleTests.WithoutExitConditions);
        var registry = _factory.Registry();
        // Names of their own: People.Family's would make the two villages' households duplicate candidates.
        _villageRequest = DeduplicationTests.Family(Village, "赵德明");
        _village = await registry.RegisterHouseholdAsync(_villageRequest);
        _otherVillage = await registry.RegisterHouseholdAsync(DeduplicationTests.Family(OtherVillage, "钱志远"));
        _neighbourRequest = DeduplicationTests.Family(NeighbourCounty, "孙立新");
        _neighbour = await registry.RegisterHouseholdAsync(_neighbourRequest);
        _otherCity = await registry.RegisterHouseholdAsync(DeduplicationTests.Family(OtherCity, "周永平"));
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private HouseholdRegistry.HouseholdRegistryClient As(TestCaller caller) => new(_factory.Channel(caller));

    private static async Task DeniedAsync(string what, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(error.StatusCode == StatusCode.PermissionDenied, $"{what}: {error.Status}");
    }

    private static async Task<List<string>> ListAllAsync(HouseholdRegistry.HouseholdRegistryClient registry, ListHouseholdsRequest request)
    {
        var ids = new List<string>();
        do
        {
            var page = await registry.ListHouseholdsAsync(request);
            ids.AddRange(page.Households.Select(h => h.HouseholdId));
            request = new ListHouseholdsRequest(request) { PageToken = page.NextPageToken };
        } while (request.PageToken.Length > 0);
        return ids;
    }

    [Fact]
    public async Task A_county_coordinator_reads_its_county_s_households_and_is_denied_another_county_s()
    {
        var county = As(County);

        Assert.Equal(_village.HouseholdId, (await county.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = _village.HouseholdId })).HouseholdId);
        Assert.Equal(_otherVillage.HouseholdId, (await county.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = _otherVillage.HouseholdId })).HouseholdId);
        Assert.Equal(_village.HouseholdId, (await county.GetHouseholdHistoryAsync(new GetHouseholdHistoryRequest { HouseholdId = _village.HouseholdId })).HouseholdId);
        Assert.Equal(_village.HouseholdId, (await county.ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = _villageRequest.Members[0].NationalId })).HouseholdId);

        foreach (var other in new[] { _neighbour, _otherCity })
        {
            await DeniedAsync("get", () => county.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = other.HouseholdId }).ResponseAsync);
            await DeniedAsync("history", () => county.GetHouseholdHistoryAsync(new GetHouseholdHistoryRequest { HouseholdId = other.HouseholdId }).ResponseAsync);
        }
        var resolve = await Assert.ThrowsAsync<RpcException>(() =>
            county.ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = _neighbourRequest.Members[0].NationalId }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, resolve.StatusCode);
        Assert.DoesNotContain(_neighbour.HouseholdId, resolve.Status.Detail); // the refusal names no household

        // A household that does not exist is still NotFound, in scope or not.
        var missing = await Assert.ThrowsAsync<RpcException>(() => county.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_county_coordinator_changes_nothing_of_another_county_and_files_nothing_there()
    {
        var county = As(County);
        var id = _neighbour.HouseholdId;
        await DeniedAsync("update", () => county.UpdateHouseholdAsync(new UpdateHouseholdRequest { HouseholdId = id, Version = _neighbour.Version, Address = "改" }).ResponseAsync);
        await DeniedAsync("status", () => county.ChangeHouseholdStatusAsync(new ChangeHouseholdStatusRequest
        {
            HouseholdId = id, Version = _neighbour.Version, To = HouseholdStatus.Exited, ExitYear = DateTime.UtcNow.Year, Reason = "达标", ChangedBy = "县",
        }).ResponseAsync);
        await DeniedAsync("raise flag", () => county.RaiseMonitoringFlagAsync(new RaiseMonitoringFlagRequest
        {
            HouseholdId = id, Category = MonitoringCategory.Marginal, Reason = "收入不稳", RaisedBy = "村",
        }).ResponseAsync);
        await DeniedAsync("clear flag", () => county.ClearMonitoringFlagAsync(new ClearMonitoringFlagRequest
        {
            HouseholdId = id, Category = MonitoringCategory.Marginal, Reason = "恢复", ClearedBy = "村",
        }).ResponseAsync);
        // A stale version is not even looked at: the refusal comes first and says nothing of the household's version.
        await DeniedAsync("stale update", () => county.UpdateHouseholdAsync(new UpdateHouseholdRequest { HouseholdId = id, Version = 99, Address = "改" }).ResponseAsync);
        await DeniedAsync("register there", () => county.RegisterHouseholdAsync(People.Family("520403101202")).ResponseAsync);

        var unchanged = await _factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id });
        Assert.Equal((_neighbour.Version, _neighbour.Address, _neighbour.Status), (unchanged.Version, unchanged.Address, unchanged.Status));
        Assert.Empty(unchanged.MonitoringFlags);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Households.CountAsync(h => h.RegionCode == "520403101202")));

        // Its own county it may change and file into.
        var changed = await county.UpdateHouseholdAsync(new UpdateHouseholdRequest { HouseholdId = _village.HouseholdId, Version = _village.Version, Address = "贵州省六盘水市某村4组1号" });
        Assert.Equal(_village.Version + 1, changed.Version);
        var flagged = await county.RaiseMonitoringFlagAsync(new RaiseMonitoringFlagRequest
        {
            HouseholdId = _village.HouseholdId, Category = MonitoringCategory.Marginal, Reason = "收入不稳", RaisedBy = "村",
        });
        Assert.Single(flagged.MonitoringFlags);
        Assert.Equal("520402101203", (await county.RegisterHouseholdAsync(People.Family("520402101203"))).RegionCode);
    }

    [Fact]
    public async Task Lists_hold_only_the_scope_s_households_whatever_the_prefix_asked_for_and_page_through_it()
    {
        var county = As(County);
        var inCounty = new[] { _village.HouseholdId, _otherVillage.HouseholdId }.Order().ToList();

        Assert.Equal(inCounty, (await ListAllAsync(county, new ListHouseholdsRequest())).Order());
        Assert.Equal(inCounty, (await ListAllAsync(county, new ListHouseholdsRequest { PageSize = 1 })).Order());
        // A prefix wider than the scope: only the scope's part of it.
        Assert.Equal(inCounty, (await ListAllAsync(county, new ListHouseholdsRequest { RegionPrefix = "5204" })).Order());
        Assert.Equal(inCounty, (await ListAllAsync(county, new ListHouseholdsRequest { RegionPrefix = "52" })).Order());
        // Narrower: the intersection.
        Assert.Equal([_village.HouseholdId], await ListAllAsync(county, new ListHouseholdsRequest { RegionPrefix = Village }));
        // Outside: nothing (a list does not refuse; it holds no one else's).
        Assert.Empty(await ListAllAsync(county, new ListHouseholdsRequest { RegionPrefix = "520403" }));

        // The nation-wide caller lists as before.
        Assert.Equal(4, (await ListAllAsync(_factory.Registry(), new ListHouseholdsRequest())).Count);
    }

    [Fact]
    public async Task A_village_coordinator_sees_only_its_village()
    {
        var village = As(Coordinator.InRegions(Village));
        Assert.Equal([_village.HouseholdId], await ListAllAsync(village, new ListHouseholdsRequest { RegionPrefix = "520402" }));
        Assert.Equal(_village.HouseholdId, (await village.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = _village.HouseholdId })).HouseholdId);
        await DeniedAsync("the other village", () => village.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = _otherVillage.HouseholdId }).ResponseAsync);
        await DeniedAsync("file in the other village", () => village.RegisterHouseholdAsync(People.Family(OtherVillage)).ResponseAsync);
    }

    [Fact]
    public async Task A_city_scope_covers_both_of_its_counties_but_not_another_city()
    {
        var city = As(Coordinator.InRegions("5204"));
        Assert.Equal(new[] { _village, _otherVillage, _neighbour }.Select(h => h.HouseholdId).Order(),
            (await ListAllAsync(city, new ListHouseholdsRequest())).Order());
        Assert.Equal(_neighbour.HouseholdId, (await city.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = _neighbour.HouseholdId })).HouseholdId);
        await DeniedAsync("another city", () => city.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = _otherCity.HouseholdId }).ResponseAsync);
    }

    [Fact]
    public async Task A_caller_with_no_region_sees_nothing_and_writes_nothing()
    {
        var nowhere = As(Coordinator.InRegions());
        Assert.Empty(await ListAllAsync(nowhere, new ListHouseholdsRequest()));
        Assert.Empty((await nowhere.ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest())).Candidates);
        await DeniedAsync("get", () => nowhere.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = _village.HouseholdId }).ResponseAsync);
        await DeniedAsync("register", () => nowhere.RegisterHouseholdAsync(People.Family(Village)).ResponseAsync);
        await DeniedAsync("update", () => nowhere.UpdateHouseholdAsync(new UpdateHouseholdRequest { HouseholdId = _village.HouseholdId, Version = _village.Version, Address = "改" }).ResponseAsync);
        var progress = await Imports.RunAsync(nowhere, [People.Family(Village)]);
        Assert.Equal((1, 0, 1), (progress[^1].Received, progress[^1].Stored, progress[^1].Rejected));
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Households.CountAsync(h => h.RegionCode == Village)));
    }

    [Fact]
    public async Task A_claim_that_is_not_a_region_prefix_widens_nothing()
    {
        // "5204021" is seven digits, no level's prefix: it is ignored, not read as a county or a city.
        var lookalike = As(Coordinator.InRegions("5204021"));
        Assert.Empty(await ListAllAsync(lookalike, new ListHouseholdsRequest()));
        await DeniedAsync("get", () => lookalike.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = _village.HouseholdId }).ResponseAsync);

        var withVillage = As(Coordinator.InRegions("5204021", Village));
        Assert.Equal([_village.HouseholdId], await ListAllAsync(withVillage, new ListHouseholdsRequest()));
        await DeniedAsync("the other village", () => withVillage.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = _otherVillage.HouseholdId }).ResponseAsync);
    }

    [Fact]
    public async Task An_import_refuses_each_row_outside_the_scope_and_stores_the_others()
    {
        var rows = new[] { People.Family("520402101204"), People.Family("520403101204"), People.Family("520402101204"), People.Family("520221100204") };
        var progress = await Imports.RunAsync(As(County), rows);

        var last = progress[^1];
        Assert.True(last.Completed);
        Assert.Equal((4, 2, 2), (last.Received, last.Stored, last.Rejected));
        var rejected = progress.SelectMany(p => p.RejectedRows).ToList();
        Assert.Equal([2, 4], rejected.Select(r => r.Row));
        Assert.All(rejected, r => Assert.Equal("PERMISSION_DENIED", r.Code));
        Assert.Contains("520403101204", rejected[0].Message);
        Assert.Equal(2, await _factory.WithDbAsync(db => db.Households.CountAsync(h => h.RegionCode == "520402101204")));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Households.CountAsync(h => h.RegionCode == "520403101204" || h.RegionCode == "520221100204")));
    }

    [Fact]
    public async Task Duplicate_candidates_are_listed_and_decided_only_when_both_households_are_in_scope()
    {
        var registry = _factory.Registry();
        // A pair across the county's two villages, and a pair in the neighbouring county.
        var first = DeduplicationTests.Family(Village);
        var a = await registry.RegisterHouseholdAsync(first);
        var b = await registry.RegisterHouseholdAsync(DeduplicationTests.FiledAgain(first, OtherVillage));
        var theirs = DeduplicationTests.Family(NeighbourCounty, "王建国");
        var c = await registry.RegisterHouseholdAsync(theirs);
        var d = await registry.RegisterHouseholdAsync(DeduplicationTests.FiledAgain(theirs, "520403101202", "王建國"));
        var all = (await registry.ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest())).Candidates;
        var ours = Assert.Single(all, x => x.Person.HouseholdId == a.HouseholdId || x.OtherPerson.HouseholdId == a.HouseholdId);
        var other = Assert.Single(all, x => x.Person.HouseholdId == c.HouseholdId || x.OtherPerson.HouseholdId == c.HouseholdId);

        var county = As(County);
        Assert.Equal([ours.CandidateId], (await county.ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest())).Candidates.Select(x => x.CandidateId));
        Assert.Equal([ours.CandidateId], (await county.ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest { RegionPrefix = "5204" })).Candidates.Select(x => x.CandidateId));
        Assert.Empty((await county.ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest { RegionPrefix = "520403" })).Candidates);
        // A village scope holds one of the pair's households only: the pair is not its to see or decide,
        // from either village (the candidate stores the later-filed household's region only).
        foreach (var either in new[] { Village, OtherVillage })
        {
            var one = As(Coordinator.InRegions(either));
            Assert.Empty((await one.ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest())).Candidates);
            Assert.Empty((await one.ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest { RegionPrefix = either })).Candidates);
            await DeniedAsync(either + " dismisses", () => one.DismissDuplicateCandidateAsync(new DismissDuplicateCandidateRequest
            {
                CandidateId = ours.CandidateId, Reason = "不是同一人", DismissedBy = "村",
            }).ResponseAsync);
        }
        var village = As(Coordinator.InRegions(Village));
        await DeniedAsync("village dismisses", () => village.DismissDuplicateCandidateAsync(new DismissDuplicateCandidateRequest
        {
            CandidateId = ours.CandidateId, Reason = "不是同一人", DismissedBy = "村",
        }).ResponseAsync);
        await DeniedAsync("village merges", () => village.MergeHouseholdsAsync(new MergeHouseholdsRequest
        {
            SurvivingHouseholdId = a.HouseholdId, SurvivingVersion = a.Version, MergedHouseholdId = b.HouseholdId, MergedVersion = b.Version,
            CandidateIds = { ours.CandidateId }, Reason = "重复建档", MergedBy = "村",
        }).ResponseAsync);

        await DeniedAsync("county dismisses the neighbour's", () => county.DismissDuplicateCandidateAsync(new DismissDuplicateCandidateRequest
        {
            CandidateId = other.CandidateId, Reason = "不是同一人", DismissedBy = "县",
        }).ResponseAsync);
        await DeniedAsync("county merges the neighbour's", () => county.MergeHouseholdsAsync(new MergeHouseholdsRequest
        {
            SurvivingHouseholdId = c.HouseholdId, SurvivingVersion = c.Version, MergedHouseholdId = d.HouseholdId, MergedVersion = d.Version,
            CandidateIds = { other.CandidateId }, Reason = "重复建档", MergedBy = "县",
        }).ResponseAsync);
        await DeniedAsync("county merges across counties", () => county.MergeHouseholdsAsync(new MergeHouseholdsRequest
        {
            SurvivingHouseholdId = a.HouseholdId, SurvivingVersion = a.Version, MergedHouseholdId = c.HouseholdId, MergedVersion = c.Version,
            Reason = "重复建档", MergedBy = "县",
        }).ResponseAsync);
        Assert.Equal(2, (await registry.ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest())).Candidates.Count); // none decided

        var merged = await county.MergeHouseholdsAsync(new MergeHouseholdsRequest
        {
            SurvivingHouseholdId = a.HouseholdId, SurvivingVersion = a.Version, MergedHouseholdId = b.HouseholdId, MergedVersion = b.Version,
            CandidateIds = { ours.CandidateId }, Reason = "重复建档", MergedBy = "县",
        });
        Assert.Equal(b.HouseholdId, merged.Merged.HouseholdId);
    }

    /// <summary>The scope's filters are index ranges and a subquery: PostgreSQL must translate them alike.</summary>
    [PostgresFact]
    public async Task On_PostgreSQL_lists_and_duplicate_candidates_hold_only_the_scope_s()
    {
        await StartAsync(DatabaseProvider.PostgreSql);
        await Lists_hold_only_the_scope_s_households_whatever_the_prefix_asked_for_and_page_through_it();
        await Duplicate_candidates_are_listed_and_decided_only_when_both_households_are_in_scope();
    }

    [Fact]
    public async Task Key_rotation_needs_a_nation_wide_caller()
    {
        await DeniedAsync("county", () => As(County).ReencryptPersonalDataAsync(new ReencryptPersonalDataRequest()).ResponseAsync);
        await DeniedAsync("province", () => As(Coordinator.InRegions("52")).ReencryptPersonalDataAsync(new ReencryptPersonalDataRequest()).ResponseAsync);
        Assert.Equal(0, (await As(Coordinator.InRegions(RegionScope.NationWide)).ReencryptPersonalDataAsync(new ReencryptPersonalDataRequest())).Remaining);
    }

    [Fact]
    public async Task Over_REST_another_county_s_household_is_403_and_the_list_holds_only_the_county()
    {
        using var http = _factory.CreateClient(County);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/v1/households/{_neighbour.HouseholdId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/households/{_village.HouseholdId}")).StatusCode);
        var list = await http.GetFromJsonAsync<JsonElement>("/api/v1/households?regionPrefix=5204");
        Assert.Equal(new[] { _village.HouseholdId, _otherVillage.HouseholdId }.Order(),
            list.GetProperty("households").EnumerateArray().Select(h => h.GetProperty("householdId").GetString()).Order());
    }
}
