using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Industry.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Industry.Tests;

public class ProjectTests : IAsyncLifetime
{
    private IndustryFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await IndustryFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_project_reads_back_with_its_funds_and_a_normalised_credit_code()
    {
        var request = IndustryFactory.Workshop();
        request.OperatorCreditCode = " " + request.OperatorCreditCode.ToLowerInvariant() + " ";

        var created = await _factory.Client().CreateProjectAsync(request);
        var read = await _factory.Client().GetProjectAsync(new GetProjectRequest { ProjectId = created.ProjectId });

        Assert.Equal(IndustryFactory.ValidCreditCode(), read.OperatorCreditCode);
        Assert.Equal(ProjectStatus.Active, read.Status);
        Assert.Equal(70_000_000, read.TotalFundsFen);
        Assert.Equal(request.Funds.Select(f => (f.Source, f.AmountFen)), read.Funds.Select(f => (f.Source, f.AmountFen)));
        Assert.Equal(("2025-03-01", "2028-02-29"), (read.StartDate, read.EndDate));
        Assert.Equal(created.CreatedAt, read.CreatedAt);
    }

    public static TheoryData<string, string> InvalidProjects => new()
    {
        { "wrong check character", "operator_credit_code" },
        { "credit code too short", "operator_credit_code" },
        { "credit code with a letter GB 32100 excludes", "operator_credit_code" },
        { "end before start", "end_date" },
        { "end equal to start", "end_date" },
        { "start not a date", "start_date" },
        { "no funds", "funds" },
        { "fund of zero", "funds[0].amount_fen" },
        { "negative fund", "funds[1].amount_fen" },
        { "fund source twice", "funds[1].source" },
        { "fund without a source", "funds[0].source" },
        { "no type", "type" },
        { "no operator kind", "operator_kind" },
        { "no name", "name" },
        { "province only", "region_code" },
        { "not a region", "region_code" },
    };

    [Theory]
    [MemberData(nameof(InvalidProjects))]
    public async Task Invalid_projects_are_InvalidArgument_naming_the_field_and_store_nothing(string mistake, string field)
    {
        var request = IndustryFactory.Workshop();
        var code = request.OperatorCreditCode;
        switch (mistake)
        {
            case "wrong check character": request.OperatorCreditCode = code[..17] + (code[17] == '0' ? '1' : '0'); break;
            case "credit code too short": request.OperatorCreditCode = code[..17]; break;
            case "credit code with a letter GB 32100 excludes": request.OperatorCreditCode = "91520402MA6DL12I3" + code[17]; break;
            case "end before start": request.EndDate = "2025-02-28"; break;
            case "end equal to start": request.EndDate = request.StartDate; break;
            case "start not a date": request.StartDate = "2025-02-30"; break;
            case "no funds": request.Funds.Clear(); break;
            case "fund of zero": request.Funds[0].AmountFen = 0; break;
            case "negative fund": request.Funds[1].AmountFen = -100; break;
            case "fund source twice": request.Funds[1].Source = request.Funds[0].Source; break;
            case "fund without a source": request.Funds[0].Source = FundSource.Unspecified; break;
            case "no type": request.Type = ProjectType.Unspecified; break;
            case "no operator kind": request.OperatorKind = OperatorKind.Unspecified; break;
            case "no name": request.Name = "  "; break;
            case "province only": request.RegionCode = "52"; break;
            case "not a region": request.RegionCode = "990402101"; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Client().CreateProjectAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), v => v.Field == field);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Projects.CountAsync()));
    }

    [Fact]
    public async Task Every_violation_of_a_request_is_reported_at_once()
    {
        var request = IndustryFactory.Workshop();
        request.OperatorCreditCode = "123";
        request.EndDate = "2020-01-01";
        request.Funds[0].AmountFen = 0;

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Client().CreateProjectAsync(request).ResponseAsync);

        Assert.Equal(["end_date", "funds[0].amount_fen", "operator_credit_code"], error.FieldViolations().Select(v => v.Field).Order());
    }

    [Fact]
    public async Task Projects_are_listed_by_region_prefix_and_type()
    {
        var client = _factory.Client();
        var here = await client.CreateProjectAsync(IndustryFactory.Workshop("520402101", "车间甲"));
        var village = IndustryFactory.Workshop("520402101201", "茶叶基地");
        village.Type = ProjectType.SpecialtyAgriculture;
        var tea = await client.CreateProjectAsync(village);
        var elsewhere = await client.CreateProjectAsync(IndustryFactory.Workshop("520221101", "车间乙"));

        var county = await client.ListProjectsAsync(new ListProjectsRequest { RegionCode = "520402" });
        var workshops = await client.ListProjectsAsync(new ListProjectsRequest { RegionCode = "52", Type = ProjectType.Workshop });
        var all = await client.ListProjectsAsync(new ListProjectsRequest());

        Assert.Equal([here.ProjectId, tea.ProjectId], county.Projects.Select(p => p.ProjectId));
        Assert.Equal([elsewhere.ProjectId, here.ProjectId], workshops.Projects.Select(p => p.ProjectId));
        Assert.Equal(3, all.Projects.Count);
        var bad = await Assert.ThrowsAsync<RpcException>(() => client.ListProjectsAsync(new ListProjectsRequest { RegionCode = "5204x" }).ResponseAsync);
        Assert.Contains(bad.FieldViolations(), v => v.Field == "region_code");
    }

    [Fact]
    public async Task A_completed_project_does_not_reopen()
    {
        var client = _factory.Client();
        var project = await client.CreateProjectAsync(IndustryFactory.Workshop());
        await client.ChangeProjectStatusAsync(new ChangeProjectStatusRequest { ProjectId = project.ProjectId, Status = ProjectStatus.Completed });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ChangeProjectStatusAsync(
            new ChangeProjectStatusRequest { ProjectId = project.ProjectId, Status = ProjectStatus.Active }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(ProjectStatus.Completed, (await client.GetProjectAsync(new GetProjectRequest { ProjectId = project.ProjectId })).Status);
    }

    [Fact]
    public async Task REST_answers_400_with_the_field_for_invalid_input_and_lists_projects()
    {
        var http = _factory.CreateClient();
        var bad = await http.PostAsJsonAsync("/api/v1/industry/projects", new { name = "x", operatorCreditCode = "91520402MA6DL12B3" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("operator_credit_code", await bad.Content.ReadAsStringAsync());
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Projects.CountAsync()));

        var created = await _factory.CreateProjectAsync();
        var list = await http.GetFromJsonAsync<JsonElement>("/api/v1/industry/projects?regionCode=520402&type=PROJECT_TYPE_WORKSHOP");
        Assert.Equal(created.ProjectId, list.GetProperty("projects")[0].GetProperty("projectId").GetString());
        var missing = await http.GetAsync($"/api/v1/industry/projects/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
