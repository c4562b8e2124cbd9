using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;

namespace Coordination.Households.Tests;

public class QueryTests : IAsyncLifetime
{
    private HouseholdsFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await HouseholdsFactory.CreateAsync(settings: LifecycleTests.WithoutExitConditions);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private async Task<List<Household>> AllPagesAsync(ListHouseholdsRequest request)
    {
        var seen = new List<Household>();
        var pages = 0;
        do
        {
            var page = await _factory.Registry().ListHouseholdsAsync(request);
            Assert.True(page.Households.Count <= request.PageSize, "a page holds at most page_size households");
            seen.AddRange(page.Households);
            request = new ListHouseholdsRequest(request) { PageToken = page.NextPageToken };
            Assert.True(++pages < 100, "paging ends");
        } while (request.PageToken.Length > 0);
        return seen;
    }

    /// <summary>17 households in one county (two villages) and 6 in another; some exited, some flagged, causes varied.</summary>
    private async Task<List<(RegisterHouseholdRequest Request, Household Household)>> SeedAsync()
    {
        var registry = _factory.Registry();
        var all = new List<(RegisterHouseholdRequest, Household)>();
        for (var i = 0; i < 23; i++)
        {
            var region = i < 10 ? "520402101201" : i < 17 ? "520402101202" : "520221100203";
            var request = People.Family(region);
            if (i % 3 == 0) request.PovertyCauses.Add(PovertyCause.LackOfCapital);
            var h = await registry.RegisterHouseholdAsync(request);
            if (i % 4 == 0)
            {
                h = await registry.ChangeHouseholdStatusAsync(new ChangeHouseholdStatusRequest
                {
                    HouseholdId = h.HouseholdId, Version = h.Version, To = HouseholdStatus.Exited, ExitYear = DateTime.UtcNow.Year, Reason = "达标", ChangedBy = "县",
                });
                if (i % 8 == 0)
                    h = await registry.RaiseMonitoringFlagAsync(new RaiseMonitoringFlagRequest
                    {
                        HouseholdId = h.HouseholdId, Category = MonitoringCategory.UnstableAfterExit, Reason = "收入不稳", RaisedBy = "村",
                    });
            }
            all.Add((request, h));
        }
        return all;
    }

    [Fact]
    public async Task Paging_shows_every_household_once_for_each_filter()
    {
        var all = await SeedAsync();

        async Task Check(ListHouseholdsRequest request, Func<Household, bool> expected, int pageSize)
        {
            request.PageSize = pageSize;
            var seen = await AllPagesAsync(request);
            Assert.Equal(seen.Count, seen.Select(h => h.HouseholdId).Distinct().Count());
            Assert.Equal(all.Select(a => a.Household).Where(expected).Select(h => h.HouseholdId).Order(), seen.Select(h => h.HouseholdId).Order());
        }

        await Check(new ListHouseholdsRequest(), _ => true, 5);
        await Check(new ListHouseholdsRequest(), _ => true, 1);
        await Check(new ListHouseholdsRequest(), _ => true, 23); // exactly one full page: no empty page after it
        await Check(new ListHouseholdsRequest { RegionPrefix = "520402" }, h => h.RegionCode.StartsWith("520402"), 4);
        await Check(new ListHouseholdsRequest { RegionPrefix = "520402101202" }, h => h.RegionCode == "520402101202", 3);
        await Check(new ListHouseholdsRequest { Status = HouseholdStatus.Exited }, h => h.Status == HouseholdStatus.Exited, 2);
        await Check(new ListHouseholdsRequest { PovertyCause = PovertyCause.LackOfCapital }, h => h.PovertyCauses.Contains(PovertyCause.LackOfCapital), 3);
        await Check(new ListHouseholdsRequest { MonitoringFlag = MonitoringCategory.UnstableAfterExit }, h => h.MonitoringFlags.Count > 0, 1);
        await Check(new ListHouseholdsRequest { RegionPrefix = "5204", Status = HouseholdStatus.Registered, PovertyCause = PovertyCause.LackOfCapital },
            h => h.RegionCode.StartsWith("5204") && h.Status == HouseholdStatus.Registered && h.PovertyCauses.Contains(PovertyCause.LackOfCapital), 2);
        Assert.Equal(23, all.Count);
    }

    [Fact]
    public async Task A_household_registered_while_paging_does_not_shift_pages()
    {
        await SeedAsync();
        var first = await _factory.Registry().ListHouseholdsAsync(new ListHouseholdsRequest { PageSize = 10 });
        for (var i = 0; i < 5; i++) await _factory.Registry().RegisterHouseholdAsync(People.Family());

        var rest = await AllPagesAsync(new ListHouseholdsRequest { PageSize = 10, PageToken = first.NextPageToken });

        var ids = first.Households.Concat(rest).Select(h => h.HouseholdId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.InRange(ids.Count, 23, 28);
    }

    [Fact]
    public async Task Listed_households_are_masked()
    {
        var (request, _) = (await SeedAsync())[0];
        var page = await _factory.Registry().ListHouseholdsAsync(new ListHouseholdsRequest { PageSize = 50 });
        var text = page.ToString();
        Assert.DoesNotContain(request.Members[0].NationalId, text);
        Assert.DoesNotContain(request.Members[0].Name, text);
    }

    public static TheoryData<string, string> InvalidLists => new()
    {
        { "region prefix of 5 digits", "region_prefix" },
        { "region prefix with letters", "region_prefix" },
        { "page size too large", "page_size" },
        { "negative page size", "page_size" },
        { "forged page token", "page_token" },
        { "unknown status", "status" },
    };

    [Theory]
    [MemberData(nameof(InvalidLists))]
    public async Task Invalid_list_requests_are_InvalidArgument(string mistake, string field)
    {
        var request = new ListHouseholdsRequest();
        switch (mistake)
        {
            case "region prefix of 5 digits": request.RegionPrefix = "52040"; break;
            case "region prefix with letters": request.RegionPrefix = "52ab"; break;
            case "page size too large": request.PageSize = 501; break;
            case "negative page size": request.PageSize = -1; break;
            case "forged page token": request.PageToken = "not base64!"; break;
            case "unknown status": request.Status = (HouseholdStatus)42; break;
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().ListHouseholdsAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), v => v.Field == field);
    }

    [Fact]
    public async Task A_national_ID_resolves_to_its_person_and_household_masked()
    {
        var request = People.Family();
        var registered = await _factory.Registry().RegisterHouseholdAsync(request);
        var spouse = request.Members[1];

        var resolved = await _factory.Registry().ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = spouse.NationalId.ToLowerInvariant() });

        Assert.Equal(registered.HouseholdId, resolved.HouseholdId);
        Assert.Equal(registered.Members.Single(m => m.Relation == Relation.Spouse).PersonId, resolved.Member.PersonId);
        Assert.Equal(new string('*', 17) + spouse.NationalId[17..], resolved.Member.NationalId);
        Assert.Equal(HouseholdStatus.Registered, resolved.HouseholdStatus);
        Assert.DoesNotContain(spouse.Name, resolved.ToString());
    }

    [Fact]
    public async Task An_unknown_or_invalid_national_ID_is_NotFound_or_InvalidArgument_without_echoing_the_number()
    {
        var unknown = People.NationalId(new DateOnly(1970, 1, 1), Sex.Male);
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            _factory.Registry().ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = unknown }).ResponseAsync);
        var invalid = await Assert.ThrowsAsync<RpcException>(() =>
            _factory.Registry().ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = unknown[..17] + (unknown[17] == '1' ? '2' : '1') }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain(unknown, missing.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains(invalid.FieldViolations(), v => v.Field == "national_id");
    }
}

public class PostgresQueryTests
{
    [PostgresFact]
    public async Task Filters_and_paging_work_on_PostgreSQL()
    {
        await using var factory = await HouseholdsFactory.CreateAsync(DatabaseProvider.PostgreSql);
        var registry = factory.Registry();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var request = People.Family(i < 4 ? "520402101201" : "520221100203");
            if (i % 2 == 0) request.PovertyCauses.Add(PovertyCause.LackOfWater);
            ids.Add((await registry.RegisterHouseholdAsync(request)).HouseholdId);
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await registry.ListHouseholdsAsync(new ListHouseholdsRequest { RegionPrefix = "5204", PovertyCause = PovertyCause.LackOfWater, PageSize = 1, PageToken = token });
            seen.AddRange(page.Households.Select(h => h.HouseholdId));
            token = page.NextPageToken;
        } while (token.Length > 0);

        Assert.Equal(new[] { ids[0], ids[2] }.Order(), seen.Order());
    }
}
