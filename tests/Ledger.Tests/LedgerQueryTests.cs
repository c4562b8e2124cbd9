using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Ledger.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;
using static Coordination.Ledger.Tests.LedgerKit;
using GrantorKind = Coordination.Contracts.GrantorKind;

namespace Coordination.Ledger.Tests;

/// <summary>Coordinator views of the ledger: paged household aid, region totals, households far above their neighbours.</summary>
public class LedgerQueryTests : IAsyncLifetime
{
    private LedgerFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await LedgerFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static readonly Grantor Donor = new(GrantorKind.Enterprise, "91520402MA6DM5X12L", "安顺某茶叶公司");
    private static readonly DateOnly YearStart = new(2026, 1, 1);

    private async Task<Guid> HouseholdAsync(string region) => Guid.Parse((await _factory.RegisteredAsync(People.Family(region))).HouseholdId);

    private Task GiveAsync(Guid household, Grantor grantor, string code, long amountFen, DateOnly? start = null) =>
        _factory.DeliverAsync(Grant(household, null, grantor, code, amountFen, start ?? YearStart, (start ?? YearStart).AddMonths(3)));

    [Fact]
    public async Task Household_aid_is_paged_by_token_with_totals_over_every_grant()
    {
        var household = await HouseholdAsync("520402101201");
        for (var month = 1; month <= 5; month++)
            await GiveAsync(household, IndustryDept, "industry.dividend", month * 10_000, new DateOnly(2026, month, 1));

        var seen = new List<string>();
        var request = new GetHouseholdAidRequest { HouseholdId = household.ToString(), PageSize = 2 };
        var pages = 0;
        do
        {
            var page = await _factory.Ledger().GetHouseholdAidAsync(request);
            Assert.Equal(150_000, page.TotalAmountFen); // every grant, whatever the page
            Assert.True(page.Grants.Count <= 2);
            seen.AddRange(page.Grants.Select(g => g.PeriodStart));
            request.PageToken = page.NextPageToken;
            pages++;
        } while (request.PageToken.Length > 0);
        Assert.Equal(3, pages);
        Assert.Equal(["2026-05-01", "2026-04-01", "2026-03-01", "2026-02-01", "2026-01-01"], seen);

        var bad = await Assert.ThrowsAsync<RpcException>(() => _factory.Ledger().GetHouseholdAidAsync(
            new GetHouseholdAidRequest { HouseholdId = household.ToString(), PageSize = 501, PageToken = "nope" }).ResponseAsync);
        Assert.Equal(["page_size", "page_token"], bad.FieldViolations().Select(v => v.Field));
    }

    [Fact]
    public async Task Every_grant_is_seen_once_across_pages_and_the_totals_are_the_sums_of_the_grants_that_stand()
    {
        var household = await HouseholdAsync("520402101201");
        var other = await HouseholdAsync("520402101201");
        // Grants of two years from three grantors; four share one period and one grant time, so only
        // their ids order them; two are revoked; the other household's grant must show nowhere.
        var sameTime = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);
        var given = new List<AidGranted>();
        (Grantor Grantor, string Code, long Fen, DateOnly Start)[] grants =
        [
            (IndustryDept, "industry.dividend", 10_000, new(2025, 1, 1)), (IndustryDept, "industry.wage", 20_000, new(2025, 4, 1)),
            (Donor, "donor.money", 30_000, new(2025, 7, 1)), (Donor, "donor.goods", 40_000, new(2025, 10, 1)),
            (IndustryDept, "industry.dividend", 50_000, new(2026, 1, 1)), (EducationDept, "education.scholarship", 60_000, new(2026, 3, 1)),
            (IndustryDept, "industry.dividend", 70_000, new(2026, 3, 1)), (Donor, "donor.money", 80_000, new(2026, 3, 1)),
            (Donor, "donor.money", 90_000, new(2026, 3, 1)), (IndustryDept, "industry.wage", 100_000, new(2026, 6, 1)),
            (EducationDept, "education.scholarship", 110_000, new(2026, 9, 1)),
        ];
        foreach (var (grantor, code, fen, start) in grants)
        {
            var grant = Grant(household, null, grantor, code, fen, start, start.AddMonths(3).AddDays(-1));
            if (start == new DateOnly(2026, 3, 1)) grant = grant with { GrantedAt = sameTime };
            given.Add(grant);
            await _factory.DeliverAsync(grant);
        }
        await _factory.DeliverAsync(Grant(other, null, IndustryDept, "industry.dividend", 999_000, YearStart, YearStart.AddMonths(3)));
        foreach (var revoked in new[] { given[2], given[7] })
            await _factory.DeliverAsync(new AidRevoked(revoked.GrantId, household, revoked.Grantor, "given in error", DateTime.UtcNow));
        var standing = given.Where(g => g.GrantId != given[2].GrantId && g.GrantId != given[7].GrantId).ToList();

        var all = await _factory.Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString() });
        Assert.Equal("", all.NextPageToken);
        Assert.Equal(given.Select(g => g.GrantId.ToString()).Order(), all.Grants.Select(g => g.GrantId).Order());
        // Newest period first, then newest grant; the grants of one period and time in a stable order of their own.
        Assert.Equal(all.Grants.Select(g => g.PeriodStart).OrderDescending(StringComparer.Ordinal), all.Grants.Select(g => g.PeriodStart));

        foreach (var (filter, selected) in new[]
        {
            (new GetHouseholdAidRequest(), given),
            (new GetHouseholdAidRequest { Year = 2026 }, given.Where(g => g.PeriodStart.Year == 2026).ToList()),
            (new GetHouseholdAidRequest { GrantorCode = Donor.Code }, given.Where(g => g.Grantor == Donor).ToList()),
        })
        {
            var counted = selected.Where(standing.Contains).ToList();
            foreach (var size in new[] { 0, 1, 3, 4 })
            {
                var request = filter.Clone();
                request.HouseholdId = household.ToString();
                request.PageSize = size;
                var seen = new List<AidGrantEntry>();
                do
                {
                    var page = await _factory.Ledger().GetHouseholdAidAsync(request);
                    Assert.True(size == 0 || page.Grants.Count <= size);
                    // The totals cover every grant the filters select that stands, whichever page is shown.
                    Assert.Equal(counted.Sum(g => g.AmountFen), page.TotalAmountFen);
                    Assert.Equal(counted.Sum(g => g.AmountFen + g.InKindValueFen), page.TotalValueFen);
                    Assert.Equal(counted.GroupBy(g => g.BenefitTypeCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(x => x.AmountFen), g.Count())),
                        page.ByBenefitType.Select(t => (t.Key, t.AmountFen, t.Grants)));
                    Assert.Equal(counted.GroupBy(g => g.Grantor.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(x => x.AmountFen), g.Count())),
                        page.ByGrantor.Select(t => (t.Key, t.AmountFen, t.Grants)));
                    seen.AddRange(page.Grants);
                    request.PageToken = page.NextPageToken;
                } while (request.PageToken.Length > 0);
                // Every grant selected once, revoked ones listed and marked, in the order of the single page.
                Assert.Equal(all.Grants.Where(g => selected.Any(s => s.GrantId.ToString() == g.GrantId)).Select(g => g.GrantId), seen.Select(g => g.GrantId));
                Assert.Equal(selected.Count - counted.Count, seen.Count(g => g.Revoked));
            }
        }
    }

    [Fact]
    public async Task A_region_s_totals_are_given_by_grantor_and_benefit_type_without_revoked_grants()
    {
        var a = await HouseholdAsync("520402101201");
        var b = await HouseholdAsync("520402101202");
        var outside = await HouseholdAsync("520403101201");
        await GiveAsync(a, IndustryDept, "industry.dividend", 80_000);
        await GiveAsync(b, IndustryDept, "industry.wage", 120_000);
        await GiveAsync(b, Donor, "donor.money", 50_000);
        await GiveAsync(b, Donor, "donor.money", 30_000, new DateOnly(2025, 6, 1)); // another year
        await GiveAsync(outside, IndustryDept, "industry.dividend", 999_000);
        var revoked = Grant(a, null, Donor, "donor.money", 70_000, YearStart, YearStart);
        await _factory.DeliverAsync(revoked);
        await _factory.DeliverAsync(new AidRevoked(revoked.GrantId, a, Donor, "given in error", DateTime.UtcNow));

        var totals = await _factory.Ledger().GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "520402101", Year = 2026 });
        Assert.Equal((250_000L, 2), (totals.TotalAmountFen, totals.Households));
        Assert.Equal([("91520402MA6DM5X12L", 50_000L, 1), ("industry", 200_000L, 2)], totals.ByGrantor.Select(t => (t.Key, t.AmountFen, t.Grants)));
        Assert.Equal([("donor.money", 50_000L), ("industry.dividend", 80_000L), ("industry.wage", 120_000L)], totals.ByBenefitType.Select(t => (t.Key, t.AmountFen)));

        var allYears = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/ledger/regions/520402101/aid-totals");
        Assert.Equal(280_000, allYears.GetProperty("totalAmountFen").GetInt64());

        var bad = await Assert.ThrowsAsync<RpcException>(() => _factory.Ledger().GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "5", Year = 1999 }).ResponseAsync);
        Assert.Equal(["region_prefix", "year"], bad.FieldViolations().Select(v => v.Field));
    }

    [Fact]
    public Task A_region_prefix_ending_in_nine_takes_its_own_households_and_not_the_next_region_s() => RegionRangeAsync(_factory);

    [PostgresFact]
    public async Task A_region_is_the_same_range_of_codes_on_PostgreSQL()
    {
        await using var postgres = await LedgerFactory.CreateAsync(BuildingBlocks.Persistence.DatabaseProvider.PostgreSql);
        await RegionRangeAsync(postgres);
    }

    // Regions are selected as a range of codes, [520409, 52041): the end is the next prefix, carried.
    private static async Task RegionRangeAsync(LedgerFactory factory)
    {
        async Task<Guid> GivenAsync(string region, long amountFen)
        {
            var household = Guid.Parse((await factory.RegisteredAsync(People.Family(region))).HouseholdId);
            await factory.DeliverAsync(Grant(household, null, IndustryDept, "industry.dividend", amountFen, YearStart, YearStart.AddMonths(3)));
            return household;
        }
        await GivenAsync("520409101201", 10_000);
        await GivenAsync("520410101201", 20_000);
        await GivenAsync("520408101201", 40_000);

        var totals = await factory.Ledger().GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "520409", Year = 2026 });
        Assert.Equal((10_000L, 1), (totals.TotalAmountFen, totals.Households));
        var city = await factory.Ledger().GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "5204", Year = 2026 });
        Assert.Equal((70_000L, 3), (city.TotalAmountFen, city.Households));
    }

    [Fact]
    public async Task A_household_whose_aid_is_far_above_its_village_neighbours_is_listed_as_an_outlier()
    {
        // A village of six: 1,000 to 1,300 yuan, and 4,000 (3.33 times the neighbours' median of 1,200), above
        // the catalogue's 2.5 for 520402; 2,000 yuan (1.7 times) is not.
        var village = new List<Guid>();
        for (var i = 0; i < 6; i++) village.Add(await HouseholdAsync("520402101201"));
        long[] values = [100_000, 110_000, 120_000, 130_000, 400_000, 200_000];
        for (var i = 0; i < village.Count; i++) await GiveAsync(village[i], IndustryDept, "industry.dividend", values[i]);
        // A village of two: too few neighbours to judge.
        var small = new[] { await HouseholdAsync("520402101202"), await HouseholdAsync("520402101202") };
        await GiveAsync(small[0], IndustryDept, "industry.dividend", 10_000);
        await GiveAsync(small[1], IndustryDept, "industry.dividend", 900_000);

        var outliers = (await _factory.Ledger().ListAidOutliersAsync(new ListAidOutliersRequest { RegionPrefix = "520402", Year = 2026 })).Outliers;
        var outlier = Assert.Single(outliers);
        Assert.Equal((village[4].ToString(), 400_000L, 120_000L, 5), (outlier.HouseholdId, outlier.ValueFen, outlier.NeighboursMedianFen, outlier.Neighbours));
        Assert.Equal((3.33, 2.5), (outlier.Ratio, outlier.Threshold));

        Assert.Empty((await _factory.Ledger().ListAidOutliersAsync(new ListAidOutliersRequest { RegionPrefix = "520402", Year = 2025 })).Outliers);
        var bad = await Assert.ThrowsAsync<RpcException>(() => _factory.Ledger().ListAidOutliersAsync(new ListAidOutliersRequest { RegionPrefix = "520402" }).ResponseAsync);
        Assert.Equal("year", Assert.Single(bad.FieldViolations()).Field);
    }
}
