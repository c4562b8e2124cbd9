using Coordination.Ledger.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Coordination.Ledger.Tests.LedgerKit;

namespace Coordination.Ledger.Tests;

/// <summary>Every list call of the ledger pages by the shared keyset helper: read to the end, each row comes once.</summary>
public class PagingTests : IAsyncLifetime
{
    private LedgerFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await LedgerFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private const string Village = "520402101201";

    /// <summary>Reads every page of size 2; fails on an empty page before the last or a row seen twice.</summary>
    private static async Task<List<string>> ReadAllAsync(Func<string, Task<(IEnumerable<string> Ids, string Next)>> page)
    {
        var (seen, token, pages) = (new List<string>(), "", 0);
        do
        {
            var (ids, next) = await page(token);
            var list = ids.ToList();
            Assert.True(list.Count is > 0 and <= 2, $"page {pages + 1} held {list.Count} rows");
            seen.AddRange(list);
            (token, pages) = (next, pages + 1);
        } while (token.Length > 0);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(pages > 1, "the rows fit one page: nothing was paged");
        return seen;
    }

    [Fact]
    public async Task Open_needs_page_to_the_end_with_every_need_once()
    {
        for (var i = 0; i < 3; i++) await _factory.RegisteredAsync(People.Family(Village));

        var seen = await ReadAllAsync(async token =>
        {
            var r = await _factory.Ledger().ListOpenNeedsAsync(new ListOpenNeedsRequest { RegionPrefix = "520402101", PageSize = 2, PageToken = token });
            return (r.Needs.Select(n => n.NeedId), r.NextPageToken);
        });

        var open = await _factory.WithDbAsync(db => db.Needs.Where(n => n.ClosedAt == null).Select(n => n.Id).ToListAsync());
        Assert.True(open.Count > 2);
        Assert.Equal(open.Select(id => id.ToString()).Order(), seen.Order());
    }

    [Fact]
    public async Task Aid_duplicates_page_to_the_end_with_every_detection_once()
    {
        for (var i = 0; i < 3; i++)
        {
            var h = await _factory.RegisteredAsync(People.Family(Village));
            var (household, student) = (Guid.Parse(h.HouseholdId), Guid.Parse(h.Members[^1].PersonId));
            await _factory.DeliverAsync(Grant(household, student, EducationDept, "education.tuition-waiver", 250_000));
            await _factory.DeliverAsync(Grant(household, student, EducationDept, "education.tuition-waiver", 250_000));
        }

        var seen = await ReadAllAsync(async token =>
        {
            var r = await _factory.Ledger().ListAidDuplicatesAsync(new ListAidDuplicatesRequest { RegionPrefix = "5204", PageSize = 2, PageToken = token });
            return (r.Duplicates.Select(d => d.DetectionId), r.NextPageToken);
        });

        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public async Task Region_disasters_page_to_the_end_with_every_disaster_once()
    {
        var declared = new List<string>();
        foreach (var prefix in new[] { "52", "5204", "520402", "520402101", Village })
            declared.Add((await _factory.Ledger().FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = prefix, Reason = "山洪", RaisedBy = "县应急局" })).DisasterId);

        var seen = await ReadAllAsync(async token =>
        {
            var r = await _factory.Ledger().ListRegionDisastersAsync(new ListRegionDisastersRequest { RegionPrefix = "520402101", PageSize = 2, PageToken = token });
            return (r.Disasters.Select(d => d.DisasterId), r.NextPageToken);
        });

        Assert.Equal(declared.AsEnumerable().Reverse(), seen); // newest first
    }

    [Fact]
    public async Task Aid_outliers_page_to_the_end_with_every_outlier_once()
    {
        // Three households with little aid and three with much, in one village: each of the three is far above its neighbours' median.
        var heavy = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var h = await _factory.RegisteredAsync(People.Family(Village));
            await _factory.DeliverAsync(Grant(Guid.Parse(h.HouseholdId), null, IndustryDept, "industry.dividend", i < 3 ? 10_000 : 1_000_000 + i));
            if (i >= 3) heavy.Add(h.HouseholdId);
        }

        var seen = await ReadAllAsync(async token =>
        {
            var r = await _factory.Ledger().ListAidOutliersAsync(new ListAidOutliersRequest { RegionPrefix = Village, Year = Today.AddDays(-10).Year, PageSize = 2, PageToken = token });
            return (r.Outliers.Select(o => o.HouseholdId), r.NextPageToken);
        });

        Assert.Equal(heavy.Order(), seen.Order());
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("YWZ0ZXI6MQ==")] // "after:1": a token of another list's shape
    public async Task A_page_token_the_ledger_did_not_give_out_is_InvalidArgument_on_page_token(string token)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Ledger()
            .ListOpenNeedsAsync(new ListOpenNeedsRequest { RegionPrefix = "5204", PageToken = token }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("page_token", Assert.Single(error.FieldViolations()).Field);
    }
}
