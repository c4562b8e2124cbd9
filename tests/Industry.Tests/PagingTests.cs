using Coordination.BuildingBlocks.Persistence;
using Coordination.Industry.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Industry.Tests;

/// <summary>ListProjects and ListBeneficiaries page by keyset: following next_page_token shows every item once, in order.</summary>
public class PagingTests
{
    [Fact]
    public Task Every_project_is_seen_once_across_pages_on_SQLite() => ProjectsOnce(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Every_project_is_seen_once_across_pages_on_PostgreSQL() => ProjectsOnce(DatabaseProvider.PostgreSql);

    [Fact]
    public Task Every_beneficiary_is_seen_once_across_pages_on_SQLite() => BeneficiariesOnce(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Every_beneficiary_is_seen_once_across_pages_on_PostgreSQL() => BeneficiariesOnce(DatabaseProvider.PostgreSql);

    private static async Task ProjectsOnce(DatabaseProvider provider)
    {
        await using var factory = await IndustryFactory.CreateAsync(provider);
        var client = factory.Client();
        var regions = new[] { "520402101", "520402102", "520221101" };
        var created = new List<Project>();
        for (var i = 0; i < 17; i++)
        {
            // Names repeat within a region, so the id must break the tie for a page boundary to fall between them.
            var request = IndustryFactory.Workshop(regions[i % 3], $"车间{i % 4}");
            if (i % 5 == 0) request.Type = ProjectType.SpecialtyAgriculture;
            created.Add(await client.CreateProjectAsync(request));
        }

        var all = await ReadAllAsync(client, new ListProjectsRequest { PageSize = 4 });
        Assert.Equal(created.Select(p => p.ProjectId).Order(), all.Select(p => p.ProjectId).Order());
        Assert.Equal(all.Count, all.Select(p => p.ProjectId).Distinct().Count());
        Assert.Equal(all.Select(p => (p.RegionCode, p.Name)), all.Select(p => (p.RegionCode, p.Name)).OrderBy(x => x.RegionCode, StringComparer.Ordinal).ThenBy(x => x.Name, StringComparer.Ordinal));

        // With filters, page by page, and a page size that divides the result exactly (the last page's token is empty).
        var county = await ReadAllAsync(client, new ListProjectsRequest { RegionCode = "520402", Type = ProjectType.Workshop, PageSize = 3 });
        var expected = created.Where(p => p.RegionCode.StartsWith("520402", StringComparison.Ordinal) && p.Type == ProjectType.Workshop).Select(p => p.ProjectId).Order();
        Assert.Equal(expected, county.Select(p => p.ProjectId).Order());
        Assert.Equal(county.Count, county.Select(p => p.ProjectId).Distinct().Count());

        // A project created between two pages, before the cursor, shifts nothing: no project is shown twice or skipped.
        var first = await client.ListProjectsAsync(new ListProjectsRequest { PageSize = 5 });
        await client.CreateProjectAsync(IndustryFactory.Workshop("520221101", "车间0"));
        var rest = await ReadAllAsync(client, new ListProjectsRequest { PageSize = 5, PageToken = first.NextPageToken });
        var seen = first.Projects.Concat(rest).Select(p => p.ProjectId).ToList();
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(created.Count, seen.Count);
        Assert.Superset(created.Select(p => p.ProjectId).ToHashSet(), seen.ToHashSet());
    }

    private static async Task BeneficiariesOnce(DatabaseProvider provider)
    {
        await using var factory = await IndustryFactory.CreateAsync(provider);
        var client = factory.Client();
        var project = await factory.CreateProjectAsync();
        var households = new List<Guid>();
        for (var i = 0; i < 11; i++)
        {
            var household = await factory.KnownHouseholdAsync();
            households.Add(household);
            await client.EnrollHouseholdAsync(new EnrollHouseholdRequest { ProjectId = project.ProjectId, HouseholdId = household.ToString(), Role = EnrolmentRole.Worker });
            if (i % 3 == 0)
                await client.EnrollHouseholdAsync(new EnrollHouseholdRequest { ProjectId = project.ProjectId, HouseholdId = household.ToString(), Role = EnrolmentRole.Member });
            await client.RecordBenefitAsync(new RecordBenefitRequest
            {
                ProjectId = project.ProjectId, HouseholdId = household.ToString(), Type = BenefitType.Wage, AmountFen = 10_000 * (i + 1),
                PeriodStart = "2025-05-01", PeriodEnd = "2025-05-31", RequestId = $"wage-{provider}-{i}",
            });
        }
        // Several households enrolled at the same instant: the household id orders them, and a page may end among them.
        var projectId = Guid.Parse(project.ProjectId);
        var sameInstant = new DateTime(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);
        await factory.WithDbAsync(async db =>
            await db.Enrolments.Where(e => e.ProjectId == projectId && households.Take(6).Contains(e.HouseholdId))
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.EnrolledAt, sameInstant)));

        var pages = new List<ListBeneficiariesResponse>();
        var token = "";
        do
        {
            var page = await client.ListBeneficiariesAsync(new ListBeneficiariesRequest { ProjectId = project.ProjectId, PageSize = 4, PageToken = token });
            pages.Add(page);
            token = page.NextPageToken;
        }
        while (token.Length > 0 && pages.Count < 20);

        var seen = pages.SelectMany(p => p.Beneficiaries).ToList();
        Assert.Equal(3, pages.Count);
        Assert.Equal(households.Select(h => h.ToString()).Order(), seen.Select(b => b.HouseholdId).Order());
        Assert.Equal(seen.Count, seen.Select(b => b.HouseholdId).Distinct().Count());
        // The total is the project's on every page; the households' own sums add up to it.
        Assert.All(pages, p => Assert.Equal(660_000, p.TotalFen));
        Assert.Equal(660_000, seen.Sum(b => b.TotalFen));
        Assert.Equal([EnrolmentRole.Member, EnrolmentRole.Worker], seen.Single(b => b.HouseholdId == households[0].ToString()).Roles);
        // The six enrolled at the same instant come first (the earliest first enrolment), by household id.
        Assert.Equal(households.Take(6).Select(h => h.ToString()).ToHashSet(), seen.Take(6).Select(b => b.HouseholdId).ToHashSet());
    }

    [Fact]
    public async Task A_page_size_out_of_range_or_a_foreign_token_is_InvalidArgument_naming_the_field()
    {
        await using var factory = await IndustryFactory.CreateAsync();
        var client = factory.Client();
        var project = await factory.CreateProjectAsync();

        var projects = await Assert.ThrowsAsync<RpcException>(() =>
            client.ListProjectsAsync(new ListProjectsRequest { PageSize = 501, PageToken = "not a token" }).ResponseAsync);
        var beneficiaries = await Assert.ThrowsAsync<RpcException>(() => client.ListBeneficiariesAsync(new ListBeneficiariesRequest
        {
            ProjectId = project.ProjectId, PageSize = -1, PageToken = Convert.ToBase64String("after:x"u8.ToArray()),
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, projects.StatusCode);
        Assert.Equal(["page_size", "page_token"], projects.FieldViolations().Select(v => v.Field).Order());
        Assert.Equal(["page_size", "page_token"], beneficiaries.FieldViolations().Select(v => v.Field).Order());
        // Without paging fields the first page comes with the default size.
        Assert.Single((await client.ListProjectsAsync(new ListProjectsRequest())).Projects);
    }

    private static async Task<List<Project>> ReadAllAsync(IndustryProjects.IndustryProjectsClient client, ListProjectsRequest request)
    {
        var all = new List<Project>();
        for (var pages = 0; pages < 50; pages++)
        {
            var page = await client.ListProjectsAsync(request);
            Assert.True(page.Projects.Count <= request.PageSize);
            all.AddRange(page.Projects);
            if (page.NextPageToken.Length == 0) return all;
            request = request.Clone();
            request.PageToken = page.NextPageToken;
        }
        throw new InvalidOperationException("paging did not end");
    }
}
