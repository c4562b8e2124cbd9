using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Industry.V1;
using Coordination.TestSupport;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Industry.Tests;

public class BenefitTests : IAsyncLifetime
{
    private IndustryFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await IndustryFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static RecordBenefitRequest Dividend(Project project, Guid household, long amountFen = 120_000, string key = "voucher-2025-001") => new()
    {
        ProjectId = project.ProjectId,
        HouseholdId = household.ToString(),
        Type = BenefitType.Dividend,
        AmountFen = amountFen,
        PeriodStart = "2025-01-01",
        PeriodEnd = "2025-12-31",
        RequestId = key,
    };

    [Fact]
    public async Task A_dividend_is_recorded_and_published_as_AidGranted_with_the_household_amount_and_period()
    {
        var (project, household) = await _factory.EnrolledAsync();

        var benefit = await _factory.Client().RecordBenefitAsync(Dividend(project, household));

        var granted = Assert.Single(await _factory.OutboxAsync<AidGranted>());
        Assert.Equal(Guid.Parse(benefit.BenefitId), granted.GrantId);
        Assert.Equal(household, granted.HouseholdId);
        Assert.Null(granted.PersonId);
        Assert.Equal(new Grantor(GrantorKind.Department, "industry", "产业扶贫"), granted.Grantor);
        Assert.Equal("industry.dividend", granted.BenefitTypeCode);
        Assert.Equal(project.Name, granted.Programme);
        Assert.Equal(120_000, granted.AmountFen);
        Assert.Equal(0, granted.InKindValueFen);
        Assert.Equal((new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), (granted.PeriodStart, granted.PeriodEnd));
        Assert.Equal("industry.dividend", benefit.BenefitTypeCode);
    }

    [Fact]
    public async Task The_same_key_twice_is_one_record_and_one_event()
    {
        var (project, household) = await _factory.EnrolledAsync();
        var client = _factory.Client();

        var first = await client.RecordBenefitAsync(Dividend(project, household));
        var second = await client.RecordBenefitAsync(Dividend(project, household));

        Assert.Equal(first.BenefitId, second.BenefitId);
        Assert.Equal(first.RecordedAt, second.RecordedAt);
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Benefits.CountAsync()));
        Assert.Single(await _factory.OutboxAsync<AidGranted>());
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_are_one_record_and_one_event()
    {
        var (project, household) = await _factory.EnrolledAsync();
        var client = _factory.Client();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.RecordBenefitAsync(Dividend(project, household)).ResponseAsync));

        Assert.Single(results.Select(r => r.BenefitId).Distinct());
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Benefits.CountAsync()));
        Assert.Single(await _factory.OutboxAsync<AidGranted>());
    }

    [Fact]
    public async Task The_same_key_with_different_content_is_AlreadyExists_and_changes_nothing()
    {
        var (project, household) = await _factory.EnrolledAsync();
        var client = _factory.Client();
        await client.RecordBenefitAsync(Dividend(project, household));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.RecordBenefitAsync(Dividend(project, household, amountFen: 130_000)).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("request_id", error.Status.Detail);
        Assert.Equal(120_000, await _factory.WithDbAsync(db => db.Benefits.SumAsync(b => b.AmountFen)));
        Assert.Single(await _factory.OutboxAsync<AidGranted>());
    }

    [Fact]
    public async Task Different_keys_are_different_payments()
    {
        var (project, household) = await _factory.EnrolledAsync();
        var client = _factory.Client();

        await client.RecordBenefitAsync(Dividend(project, household, key: "a"));
        await client.RecordBenefitAsync(Dividend(project, household, key: "b"));

        Assert.Equal(2, (await _factory.OutboxAsync<AidGranted>()).Count);
    }

    [Fact]
    public async Task A_benefit_needs_the_role_it_pays_and_an_eligible_household()
    {
        var (project, household) = await _factory.EnrolledAsync(EnrolmentRole.Member);
        var wage = Dividend(project, household);
        wage.Type = BenefitType.Wage;
        var notEnrolled = Dividend(project, Guid.NewGuid(), key: "other");

        var wrongRole = await Assert.ThrowsAsync<RpcException>(() => _factory.Client().RecordBenefitAsync(wage).ResponseAsync);
        var stranger = await Assert.ThrowsAsync<RpcException>(() => _factory.Client().RecordBenefitAsync(notEnrolled).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, wrongRole.StatusCode);
        Assert.Equal("benefit.not-enrolled", wrongRole.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations[0].Type);
        Assert.Contains("worker", wrongRole.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, stranger.StatusCode);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Benefits.CountAsync()));
        Assert.Empty(await _factory.OutboxAsync<AidGranted>());
    }

    [Fact]
    public async Task REST_records_a_benefit_once_and_answers_400_naming_the_field()
    {
        var (project, household) = await _factory.EnrolledAsync();
        var http = _factory.CreateClient();
        var url = $"/api/v1/industry/projects/{project.ProjectId}/benefits";
        var body = new
        {
            householdId = household.ToString(), type = "BENEFIT_TYPE_DIVIDEND", amountFen = "88000",
            periodStart = "2025-01-01", periodEnd = "2025-06-30", requestId = "rest-1",
        };

        var first = await http.PostAsJsonAsync(url, body);
        var second = await http.PostAsJsonAsync(url, body);
        var bad = await http.PostAsJsonAsync(url, body with { amountFen = "0", requestId = "rest-2" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var recorded = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(recorded.GetProperty("benefitId").GetString(), (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("benefitId").GetString());
        Assert.Equal("industry.dividend", recorded.GetProperty("benefitTypeCode").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("amount_fen", await bad.Content.ReadAsStringAsync());
        Assert.Single(await _factory.OutboxAsync<AidGranted>());
    }

    [Fact]
    public async Task A_household_whose_buffer_period_ended_after_enrolment_receives_no_more_benefits()
    {
        var (project, household) = await _factory.EnrolledAsync();
        await _factory.WithDbAsync<Data.IndustryDbContext>(async db =>
        {
            var known = await db.Households.SingleAsync(h => h.Id == household);
            known.Status = HouseholdStatus.Exited;
            known.ExitYear = DateTime.UtcNow.Year - 6;
            await db.SaveChangesAsync();
        });

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Client().RecordBenefitAsync(Dividend(project, household)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("household.exited-past-buffer", error.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations[0].Type);
        Assert.Empty(await _factory.OutboxAsync<AidGranted>());
    }

    public static TheoryData<string, string> InvalidBenefits => new()
    {
        { "zero amount", "amount_fen" },
        { "negative amount", "amount_fen" },
        { "no type", "type" },
        { "period ends before it starts", "period_end" },
        { "period spans two years", "period_end" },
        { "period start not a date", "period_start" },
        { "no request id", "request_id" },
        { "key too long", "request_id" },
        { "malformed household id", "household_id" },
        { "malformed project id", "project_id" },
    };

    [Theory]
    [MemberData(nameof(InvalidBenefits))]
    public async Task Invalid_benefits_are_InvalidArgument_naming_the_field_and_store_nothing(string mistake, string field)
    {
        var (project, household) = await _factory.EnrolledAsync();
        var request = Dividend(project, household);
        switch (mistake)
        {
            case "zero amount": request.AmountFen = 0; break;
            case "negative amount": request.AmountFen = -5; break;
            case "no type": request.Type = BenefitType.Unspecified; break;
            case "period ends before it starts": request.PeriodEnd = "2024-12-31"; break;
            case "period spans two years": request.PeriodEnd = "2026-01-31"; break;
            case "period start not a date": request.PeriodStart = "01/01/2025"; break;
            case "no request id": request.RequestId = " "; break;
            case "key too long": request.RequestId = new string('k', 101); break;
            case "malformed household id": request.HouseholdId = "someone"; break;
            case "malformed project id": request.ProjectId = ""; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Client().RecordBenefitAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), v => v.Field == field);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Benefits.CountAsync()));
        Assert.Empty(await _factory.OutboxAsync<AidGranted>());
    }

    [Fact]
    public async Task A_correction_revokes_the_grant_and_grants_anew_once_per_key()
    {
        var (project, household) = await _factory.EnrolledAsync();
        var client = _factory.Client();
        var original = await client.RecordBenefitAsync(Dividend(project, household));
        var correction = new CorrectBenefitRequest
        {
            BenefitId = original.BenefitId, AmountFen = 125_000, PeriodStart = "2025-01-01", PeriodEnd = "2025-12-31",
            Reason = "dividend miscalculated", RequestId = "voucher-2025-001-c1",
        };

        var corrected = await client.CorrectBenefitAsync(correction);
        var retried = await client.CorrectBenefitAsync(correction);

        Assert.Equal(corrected.BenefitId, retried.BenefitId);
        Assert.Equal(original.BenefitId, corrected.CorrectsBenefitId);
        var revoked = Assert.Single(await _factory.OutboxAsync<AidRevoked>());
        Assert.Equal(Guid.Parse(original.BenefitId), revoked.GrantId);
        Assert.Equal(Guid.Parse(corrected.BenefitId), revoked.ReplacedByGrantId);
        Assert.Equal(household, revoked.HouseholdId);
        Assert.Equal("dividend miscalculated", revoked.Reason);
        var grants = await _factory.OutboxAsync<AidGranted>();
        Assert.Equal([120_000, 125_000], grants.Select(g => g.AmountFen));
        Assert.Equal(Guid.Parse(corrected.BenefitId), grants[1].GrantId);

        var again = await Assert.ThrowsAsync<RpcException>(() => client.CorrectBenefitAsync(
            new CorrectBenefitRequest(correction) { RequestId = "another", AmountFen = 1 }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Contains(corrected.BenefitId, again.Status.Detail);

        var beneficiaries = await client.ListBeneficiariesAsync(new ListBeneficiariesRequest { ProjectId = project.ProjectId });
        Assert.Equal(125_000, Assert.Single(beneficiaries.Beneficiaries).DividendsFen);
    }

    [Fact]
    public async Task Invalid_corrections_are_InvalidArgument_and_an_unknown_benefit_NotFound()
    {
        var client = _factory.Client();
        var invalid = await Assert.ThrowsAsync<RpcException>(() => client.CorrectBenefitAsync(new CorrectBenefitRequest
        {
            BenefitId = Guid.NewGuid().ToString(), AmountFen = 0, PeriodStart = "2025-01-01", PeriodEnd = "2025-12-31", RequestId = "k",
        }).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.CorrectBenefitAsync(new CorrectBenefitRequest
        {
            BenefitId = Guid.NewGuid().ToString(), AmountFen = 5, PeriodStart = "2025-01-01", PeriodEnd = "2025-12-31", Reason = "r", RequestId = "k",
        }).ResponseAsync);

        Assert.Equal(["amount_fen", "reason"], invalid.FieldViolations().Select(v => v.Field).Order());
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Beneficiaries_and_a_households_income_per_year_add_up_what_each_received()
    {
        var client = _factory.Client();
        var workshop = await _factory.CreateProjectAsync();
        var teaRequest = IndustryFactory.Workshop("520402101201", "茶叶合作社");
        teaRequest.Type = ProjectType.Cooperative;
        var tea = await client.CreateProjectAsync(teaRequest);
        var household = await _factory.KnownHouseholdAsync();
        var neighbour = await _factory.KnownHouseholdAsync();
        async Task Enroll(Project p, Guid h, EnrolmentRole r) =>
            await client.EnrollHouseholdAsync(new EnrollHouseholdRequest { ProjectId = p.ProjectId, HouseholdId = h.ToString(), Role = r });
        async Task Pay(Project p, Guid h, BenefitType t, long fen, string start, string end) =>
            await client.RecordBenefitAsync(new RecordBenefitRequest
            {
                ProjectId = p.ProjectId, HouseholdId = h.ToString(), Type = t, AmountFen = fen,
                PeriodStart = start, PeriodEnd = end, RequestId = Guid.NewGuid().ToString(),
            });
        await Enroll(workshop, household, EnrolmentRole.Worker);
        await Enroll(workshop, household, EnrolmentRole.Member);
        await Enroll(workshop, neighbour, EnrolmentRole.Worker);
        await Enroll(tea, household, EnrolmentRole.LandLessor);
        await Pay(workshop, household, BenefitType.Wage, 250_000, "2024-11-01", "2024-11-30");
        await Pay(workshop, household, BenefitType.Wage, 260_000, "2025-01-01", "2025-01-31");
        await Pay(workshop, household, BenefitType.Dividend, 80_000, "2025-01-01", "2025-12-31");
        await Pay(workshop, neighbour, BenefitType.Wage, 300_000, "2025-01-01", "2025-01-31");
        await Pay(tea, household, BenefitType.LandRent, 60_000, "2025-01-01", "2025-12-31");

        var beneficiaries = await client.ListBeneficiariesAsync(new ListBeneficiariesRequest { ProjectId = workshop.ProjectId });
        var income = await client.GetHouseholdIncomeAsync(new GetHouseholdIncomeRequest { HouseholdId = household.ToString() });

        var mine = beneficiaries.Beneficiaries.Single(b => b.HouseholdId == household.ToString());
        Assert.Equal([EnrolmentRole.Member, EnrolmentRole.Worker], mine.Roles);
        Assert.Equal((80_000, 510_000, 0, 590_000), (mine.DividendsFen, mine.WagesFen, mine.LandRentFen, mine.TotalFen));
        Assert.Equal(300_000, beneficiaries.Beneficiaries.Single(b => b.HouseholdId == neighbour.ToString()).TotalFen);
        Assert.Equal(890_000, beneficiaries.TotalFen);

        Assert.Equal(new[] { workshop.ProjectId, tea.ProjectId }.Order(), income.Projects.Select(p => p.ProjectId).Order());
        var atWorkshop = income.Projects.Single(p => p.ProjectId == workshop.ProjectId);
        Assert.Equal([(2024, 250_000L), (2025, 340_000L)], atWorkshop.Years.Select(y => (y.Year, y.TotalFen)));
        Assert.Equal([(2024, 250_000L, 0L), (2025, 400_000L, 60_000L)], income.Years.Select(y => (y.Year, y.TotalFen, y.LandRentFen)));
        Assert.Equal([EnrolmentRole.LandLessor], income.Projects.Single(p => p.ProjectId == tea.ProjectId).Roles);

        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetHouseholdIncomeAsync(new GetHouseholdIncomeRequest { HouseholdId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }
}

public class ProviderTests
{
    [Fact]
    public Task Benefits_are_recorded_once_per_key_on_SQLite() => RecordOnce(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Benefits_are_recorded_once_per_key_on_PostgreSQL() => RecordOnce(DatabaseProvider.PostgreSql);

    /// <summary>The unique key is what holds against concurrent retries; each provider must enforce it.</summary>
    private static async Task RecordOnce(DatabaseProvider provider)
    {
        await using var factory = await IndustryFactory.CreateAsync(provider);
        var (project, household) = await factory.EnrolledAsync();
        var client = factory.Client();
        var request = new RecordBenefitRequest
        {
            ProjectId = project.ProjectId, HouseholdId = household.ToString(), Type = BenefitType.Dividend, AmountFen = 99_999,
            PeriodStart = "2025-06-01", PeriodEnd = "2025-06-30", RequestId = "once",
        };

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.RecordBenefitAsync(request).ResponseAsync));
        var read = await client.GetProjectAsync(new GetProjectRequest { ProjectId = project.ProjectId });

        Assert.Single(results.Select(r => r.BenefitId).Distinct());
        Assert.Single(await factory.OutboxAsync<AidGranted>());
        Assert.Equal(project.CreatedAt, read.CreatedAt);
        Assert.Equal(project.Funds, read.Funds);
    }
}
