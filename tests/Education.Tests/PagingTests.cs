using Coordination.BuildingBlocks.Persistence;
using Coordination.Education.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;

namespace Coordination.Education.Tests;

/// <summary>Every list call pages by keyset: following next_page_token with a small page shows every row exactly once.</summary>
public class PagingTests
{
    [Fact]
    public Task Every_list_is_seen_once_across_pages_on_SQLite() => EveryRowOnce(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Every_list_is_seen_once_across_pages_on_PostgreSQL() => EveryRowOnce(DatabaseProvider.PostgreSql);

    private static async Task EveryRowOnce(DatabaseProvider provider)
    {
        await using var factory = await EducationFactory.CreateAsync(provider);
        var client = factory.Client();
        // Two households of four school-age children; the first household's children are enrolled and granted two benefits each.
        var enrolled = await factory.RegisterAsync(40, 7, 8, 9, 10);
        var unenrolled = await factory.RegisterAsync(41, 7, 8, 9, 11);
        var pupils = enrolled.PersonIds.Skip(1).ToList();
        var grants = new List<string>();
        foreach (var pupil in pupils)
        {
            await factory.EnrolAsync(pupil);
            grants.Add((await client.GrantBenefitAsync(EducationFactory.Grant(pupil, BenefitType.TuitionWaiver))).GrantId);
            grants.Add((await client.GrantBenefitAsync(EducationFactory.Grant(pupil, BenefitType.LivingSubsidy))).GrantId);
        }

        var students = await ReadAllAsync(token => client.ListStudentsAsync(new ListStudentsRequest { PageSize = 3, PageToken = token }).ResponseAsync,
            r => (r.Enrolments.Select(e => e.PersonId), r.NextPageToken));
        var granted = await ReadAllAsync(token => client.ListGrantsAsync(new ListGrantsRequest { HouseholdId = enrolled.Id.ToString(), PageSize = 3, PageToken = token }).ResponseAsync,
            r => (r.Grants.Select(g => g.GrantId), r.NextPageToken));
        var alerts = await ReadAllAsync(token => client.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { PageSize = 2, PageToken = token }).ResponseAsync,
            r => (r.Alerts.Select(a => a.PersonId), r.NextPageToken));

        AssertOnce(pupils.Select(p => p.ToString()), students);
        AssertOnce(grants, granted);
        AssertOnce(unenrolled.PersonIds.Skip(1).Select(p => p.ToString()), alerts);
    }

    [Fact]
    public async Task A_page_size_over_the_cap_or_a_foreign_token_is_InvalidArgument_naming_the_field()
    {
        await using var factory = await EducationFactory.CreateAsync();
        var client = factory.Client();

        // An offset, the token this service gave before keyset paging, is no longer one.
        var students = await Assert.ThrowsAsync<RpcException>(() => client.ListStudentsAsync(new ListStudentsRequest { PageSize = 501, PageToken = "100" }).ResponseAsync);
        var grants = await Assert.ThrowsAsync<RpcException>(() => client.ListGrantsAsync(new ListGrantsRequest
        {
            HouseholdId = Guid.NewGuid().ToString(), PageToken = Convert.ToBase64String("after:not-a-uuid"u8.ToArray()),
        }).ResponseAsync);
        var alerts = await Assert.ThrowsAsync<RpcException>(() => client.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { PageSize = -1 }).ResponseAsync);

        Assert.All([students, grants, alerts], e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.Equal(["page_size", "page_token"], students.FieldViolations().Select(v => v.Field).Order());
        Assert.Equal(["page_token"], grants.FieldViolations().Select(v => v.Field));
        Assert.Equal(["page_size"], alerts.FieldViolations().Select(v => v.Field));
    }

    /// <summary>Follows next_page_token to the end; each page holds at most the page size (3 or 2 here, so no page is empty).</summary>
    private static async Task<List<string>> ReadAllAsync<TResponse>(Func<string, Task<TResponse>> list, Func<TResponse, (IEnumerable<string> Ids, string Next)> read)
    {
        var all = new List<string>();
        var token = "";
        for (var pages = 0; pages < 50; pages++)
        {
            var (ids, next) = read(await list(token));
            var page = ids.ToList();
            Assert.NotEmpty(page);
            Assert.True(page.Count <= 3);
            all.AddRange(page);
            if (next.Length == 0) return all;
            token = next;
        }
        throw new InvalidOperationException("paging did not end");
    }

    private static void AssertOnce(IEnumerable<string> expected, List<string> seen)
    {
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(expected.Order(), seen.Order());
    }
}
