using System.Net;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Industry.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Industry.Tests;

/// <summary>
/// A county's industry office (region scope 520402) works with its county's projects and households
/// only: the neighbouring county 520403's projects, beneficiaries and incomes are PermissionDenied to
/// read or change and absent from every list, also when a household of 520403 works in a project of
/// 520402. A caller serving no region sees nothing and files nothing.
/// </summary>
public class RegionScopeTests : IAsyncLifetime
{
    private static readonly TestCaller County = TestCaller.WithRoles(Roles.DepartmentIndustry).InRegions("520402");
    private static readonly TestCaller Nowhere = TestCaller.WithRoles(Roles.DepartmentIndustry).InRegions();

    private IndustryFactory _factory = null!;
    private Project _ownProject = null!;
    private Project _otherProject = null!;
    private Guid _own;
    private Guid _neighbour;
    private Guid _other;
    private Benefit _otherBenefit = null!;

    public Task InitializeAsync() => SetUpAsync(DatabaseProvider.Sqlite);

    private async Task SetUpAsync(DatabaseProvider provider)
    {
        _factory = await IndustryFactory.CreateAsync(provider);
        var broad = _factory.Client();
        _ownProject = await _factory.CreateProjectAsync(IndustryFactory.Workshop("520402101", "本县扶贫车间"));
        _otherProject = await _factory.CreateProjectAsync(IndustryFactory.Workshop("520403101", "邻县扶贫车间"));
        _own = await _factory.KnownHouseholdAsync(regionCode: "520402101201");
        // A household of the neighbouring county working in this county's workshop.
        _neighbour = await _factory.KnownHouseholdAsync(regionCode: "520403101202");
        _other = await _factory.KnownHouseholdAsync(regionCode: "520403101201");
        await broad.EnrollHouseholdAsync(Enrol(_ownProject, _own, EnrolmentRole.Member));
        await broad.EnrollHouseholdAsync(Enrol(_ownProject, _neighbour, EnrolmentRole.Worker));
        await broad.EnrollHouseholdAsync(Enrol(_otherProject, _other, EnrolmentRole.Member));
        await broad.RecordBenefitAsync(Pay(_ownProject, _own, BenefitType.Dividend, 10_000));
        await broad.RecordBenefitAsync(Pay(_ownProject, _neighbour, BenefitType.Wage, 20_000));
        _otherBenefit = await broad.RecordBenefitAsync(Pay(_otherProject, _other, BenefitType.Dividend, 30_000));
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private IndustryProjects.IndustryProjectsClient As(TestCaller caller) => new(_factory.Channel(caller));

    [Fact]
    public async Task A_county_caller_reads_and_lists_its_county_s_projects_and_incomes_only()
    {
        var county = As(County);

        Assert.Equal(_ownProject.ProjectId, (await county.GetProjectAsync(new GetProjectRequest { ProjectId = _ownProject.ProjectId })).ProjectId);
        Assert.Equal(10_000, Assert.Single((await county.GetHouseholdIncomeAsync(new GetHouseholdIncomeRequest { HouseholdId = _own.ToString() })).Years).TotalFen);
        Assert.Equal([_ownProject.ProjectId], (await county.ListProjectsAsync(new ListProjectsRequest())).Projects.Select(p => p.ProjectId));
        Assert.Empty((await county.ListProjectsAsync(new ListProjectsRequest { RegionCode = "520403" })).Projects);

        await AssertDenied(() => county.GetProjectAsync(new GetProjectRequest { ProjectId = _otherProject.ProjectId }).ResponseAsync);
        await AssertDenied(() => county.GetHouseholdIncomeAsync(new GetHouseholdIncomeRequest { HouseholdId = _other.ToString() }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => county.GetProjectAsync(new GetProjectRequest { ProjectId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        using var http = _factory.CreateClient(County);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/industry/projects/{_ownProject.ProjectId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/v1/industry/projects/{_otherProject.ProjectId}")).StatusCode);
    }

    [Fact]
    public Task A_county_caller_sees_its_county_s_beneficiaries_and_their_total_only() => BeneficiariesInScope();

    [PostgresFact]
    public async Task A_county_caller_sees_its_county_s_beneficiaries_and_their_total_only_on_PostgreSQL()
    {
        await _factory.DisposeAsync();
        await SetUpAsync(DatabaseProvider.PostgreSql);
        await BeneficiariesInScope();
    }

    private async Task BeneficiariesInScope()
    {
        var beneficiaries = await As(County).ListBeneficiariesAsync(new ListBeneficiariesRequest { ProjectId = _ownProject.ProjectId });

        Assert.Equal([_own.ToString()], beneficiaries.Beneficiaries.Select(b => b.HouseholdId));
        Assert.Equal(10_000, beneficiaries.TotalFen);
        // A nation-wide caller sees the neighbour too, and the project's whole total.
        var all = await _factory.Client().ListBeneficiariesAsync(new ListBeneficiariesRequest { ProjectId = _ownProject.ProjectId, PageSize = 1 });
        Assert.Single(all.Beneficiaries);
        Assert.NotEmpty(all.NextPageToken);
        Assert.Equal(30_000, all.TotalFen);

        await AssertDenied(() => As(County).ListBeneficiariesAsync(new ListBeneficiariesRequest { ProjectId = _otherProject.ProjectId }).ResponseAsync);
    }

    [Fact]
    public async Task A_county_caller_cannot_file_change_enrol_or_pay_outside_its_county_and_nothing_changes()
    {
        var county = As(County);
        var outboxBefore = await _factory.WithDbAsync(db => db.OutboxMessages.CountAsync());

        await AssertDenied(() => county.CreateProjectAsync(IndustryFactory.Workshop("520403102", "越界项目")).ResponseAsync);
        await AssertDenied(() => county.ChangeProjectStatusAsync(new ChangeProjectStatusRequest { ProjectId = _otherProject.ProjectId, Status = ProjectStatus.Suspended }).ResponseAsync);
        await AssertDenied(() => county.EnrollHouseholdAsync(Enrol(_ownProject, _other, EnrolmentRole.Member)).ResponseAsync);
        await AssertDenied(() => county.EnrollHouseholdAsync(Enrol(_otherProject, _own, EnrolmentRole.Member)).ResponseAsync);
        await AssertDenied(() => county.RecordBenefitAsync(Pay(_otherProject, _other, BenefitType.Dividend, 1_000)).ResponseAsync);
        await AssertDenied(() => county.RecordBenefitAsync(Pay(_ownProject, _neighbour, BenefitType.Wage, 1_000)).ResponseAsync);
        await AssertDenied(() => county.CorrectBenefitAsync(new CorrectBenefitRequest
        {
            BenefitId = _otherBenefit.BenefitId, AmountFen = 1, PeriodStart = "2025-01-01", PeriodEnd = "2025-12-31", Reason = "wrong", RequestId = "c-1",
        }).ResponseAsync);

        await _factory.WithDbAsync(async db =>
        {
            Assert.False(await db.Projects.AnyAsync(p => p.Name == "越界项目"));
            Assert.Equal(Domain.ProjectStatus.Active, (await db.Projects.SingleAsync(p => p.Id == Guid.Parse(_otherProject.ProjectId))).Status);
            Assert.Equal(3, await db.Enrolments.CountAsync());
            Assert.Equal(3, await db.Benefits.CountAsync());
            Assert.Equal(outboxBefore, await db.OutboxMessages.CountAsync());
            return true;
        });

        // In its own county it files, enrols and pays.
        var project = await county.CreateProjectAsync(IndustryFactory.Workshop("520402102", "本县新项目"));
        await county.EnrollHouseholdAsync(Enrol(project, _own, EnrolmentRole.Worker));
        await county.RecordBenefitAsync(Pay(project, _own, BenefitType.Wage, 5_000));
    }

    [Fact]
    public async Task A_caller_serving_no_region_sees_nothing_and_files_nothing()
    {
        var nowhere = As(Nowhere);

        Assert.Empty((await nowhere.ListProjectsAsync(new ListProjectsRequest())).Projects);
        await AssertDenied(() => nowhere.GetProjectAsync(new GetProjectRequest { ProjectId = _ownProject.ProjectId }).ResponseAsync);
        await AssertDenied(() => nowhere.ListBeneficiariesAsync(new ListBeneficiariesRequest { ProjectId = _ownProject.ProjectId }).ResponseAsync);
        await AssertDenied(() => nowhere.GetHouseholdIncomeAsync(new GetHouseholdIncomeRequest { HouseholdId = _own.ToString() }).ResponseAsync);
        await AssertDenied(() => nowhere.CreateProjectAsync(IndustryFactory.Workshop("520402102", "无域项目")).ResponseAsync);
        Assert.False(await _factory.WithDbAsync(db => db.Projects.AnyAsync(p => p.Name == "无域项目")));
    }

    private static EnrollHouseholdRequest Enrol(Project project, Guid household, EnrolmentRole role) =>
        new() { ProjectId = project.ProjectId, HouseholdId = household.ToString(), Role = role };

    private static RecordBenefitRequest Pay(Project project, Guid household, BenefitType type, long amountFen) => new()
    {
        ProjectId = project.ProjectId, HouseholdId = household.ToString(), Type = type, AmountFen = amountFen,
        PeriodStart = "2025-01-01", PeriodEnd = "2025-12-31", RequestId = Guid.NewGuid().ToString(),
    };

    private static async Task AssertDenied(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
