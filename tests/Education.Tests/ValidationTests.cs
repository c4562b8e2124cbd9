using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Education.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Education.Tests;

public class ValidationTests : IAsyncLifetime
{
    private EducationFactory _factory = null!;
    private Household _household = null!;

    public async Task InitializeAsync()
    {
        _factory = await EducationFactory.CreateAsync();
        _household = await _factory.RegisterAsync(40, 16);
        await _factory.EnrolAsync(_household.PersonIds[1], Stage.SeniorHigh);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    public static TheoryData<string, string> InvalidGrants => new()
    {
        { "no request id", "request_id" },
        { "person id not a UUID", "person_id" },
        { "term misspelt", "term" },
        { "no benefit type", "benefit_type" },
        { "unknown benefit type", "benefit_type" },
        { "zero amount", "amount_fen" },
        { "negative amount", "amount_fen" },
        { "absurd amount", "amount_fen" },
        { "programme too long", "programme" },
    };

    [Theory]
    [MemberData(nameof(InvalidGrants))]
    public async Task An_invalid_grant_is_InvalidArgument_naming_the_field_and_stores_nothing(string mistake, string field)
    {
        var request = EducationFactory.Grant(_household.PersonIds[1], BenefitType.LivingSubsidy);
        switch (mistake)
        {
            case "no request id": request.RequestId = " "; break;
            case "person id not a UUID": request.PersonId = "11010519491231002X"; break;
            case "term misspelt": request.Term = "2026-fall"; break;
            case "no benefit type": request.BenefitType = BenefitType.Unspecified; break;
            case "unknown benefit type": request.BenefitType = (BenefitType)99; break;
            case "zero amount": request.AmountFen = 0; break;
            case "negative amount": request.AmountFen = -100; break;
            case "absurd amount": request.AmountFen = 10_000_001; break;
            case "programme too long": request.Programme = new string('雨', 101); break;
        }
        var outboxBefore = await _factory.OutboxCountAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Client().GrantBenefitAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), v => v.Field == field);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Grants.CountAsync()));
        Assert.Equal(outboxBefore, await _factory.OutboxCountAsync());
    }

    [Fact]
    public async Task Every_invalid_field_of_an_enrolment_is_named_at_once_and_nothing_is_stored()
    {
        var enrolmentsBefore = await _factory.WithDbAsync(db => db.Enrolments.CountAsync());
        var outboxBefore = await _factory.OutboxCountAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Client().EnrolStudentAsync(new EnrolStudentRequest
        {
            PersonId = "", Term = "autumn", SchoolCode = "", SchoolName = new string('校', 101), Stage = Stage.Unspecified,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["person_id", "school_code", "school_name", "stage", "term"], error.FieldViolations().Select(v => v.Field).Order());
        Assert.Equal(enrolmentsBefore, await _factory.WithDbAsync(db => db.Enrolments.CountAsync()));
        Assert.Equal(outboxBefore, await _factory.OutboxCountAsync());
    }

    [Fact]
    public async Task An_enrolment_list_with_one_bad_entry_is_rejected_whole_naming_the_entry()
    {
        var enrolmentsBefore = await _factory.WithDbAsync(db => db.Enrolments.CountAsync());
        var request = new SubmitEnrolmentListRequest { Term = EducationFactory.Term, SchoolCode = "S1", SchoolName = "某中学" };
        request.Entries.Add(new EnrolmentListEntry { PersonId = _household.PersonIds[0].ToString(), Stage = Stage.SeniorHigh });
        request.Entries.Add(new EnrolmentListEntry { PersonId = "x", Stage = Stage.SeniorHigh });
        request.Entries.Add(new EnrolmentListEntry { PersonId = _household.PersonIds[0].ToString(), Stage = Stage.Unspecified });

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Client().SubmitEnrolmentListAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["entries[1].person_id", "entries[2].person_id", "entries[2].stage"], error.FieldViolations().Select(v => v.Field).Order());
        Assert.Equal(enrolmentsBefore, await _factory.WithDbAsync(db => db.Enrolments.CountAsync()));
    }

    [Fact]
    public async Task Queries_reject_malformed_filters()
    {
        var client = _factory.Client();
        var region = await Assert.ThrowsAsync<RpcException>(() => client.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { RegionCode = "52a" }).ResponseAsync);
        var grants = await Assert.ThrowsAsync<RpcException>(() => client.ListGrantsAsync(new ListGrantsRequest()).ResponseAsync);
        var page = await Assert.ThrowsAsync<RpcException>(() => client.ListStudentsAsync(new ListStudentsRequest { PageSize = 5000 }).ResponseAsync);
        var guarantee = await Assert.ThrowsAsync<RpcException>(() => client.GetEducationGuaranteeAsync(new GetEducationGuaranteeRequest { HouseholdId = "1" }).ResponseAsync);

        Assert.Contains(region.FieldViolations(), v => v.Field == "region_code");
        Assert.Contains(grants.FieldViolations(), v => v.Field == "person_id");
        Assert.Contains(page.FieldViolations(), v => v.Field == "page_size");
        Assert.Contains(guarantee.FieldViolations(), v => v.Field == "household_id");
    }

    [Fact]
    public async Task REST_answers_400_with_the_field_for_invalid_input_and_serves_the_queries()
    {
        var http = _factory.CreateClient();

        var bad = await http.PostAsJsonAsync("/api/v1/education/grants", new { requestId = "k1", personId = "nope", benefitType = "BENEFIT_TYPE_SCHOLARSHIP", amountFen = 100 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("person_id", out _));

        var granted = await http.PostAsJsonAsync("/api/v1/education/grants", new
        {
            requestId = "k2", personId = _household.PersonIds[1].ToString(), term = EducationFactory.Term, benefitType = "BENEFIT_TYPE_SCHOLARSHIP", amountFen = 100_000,
        });
        Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());

        var guarantee = await http.GetFromJsonAsync<JsonElement>($"/api/v1/education/households/{_household.Id}/guarantee");
        Assert.True(guarantee.GetProperty("met").GetBoolean());
        var students = await http.GetFromJsonAsync<JsonElement>($"/api/v1/education/students?schoolCode=520402-PS-01&term={EducationFactory.Term}");
        Assert.Equal(_household.PersonIds[1].ToString(), students.GetProperty("enrolments")[0].GetProperty("personId").GetString());
        var student = await http.GetFromJsonAsync<JsonElement>($"/api/v1/education/students/{_household.PersonIds[1]}");
        Assert.Equal("education.scholarship", student.GetProperty("grants")[0].GetProperty("benefitTypeCode").GetString());
    }
}

public class QueryTests : IAsyncLifetime
{
    private EducationFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await EducationFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Students_are_found_by_school_region_and_household_and_grants_by_household()
    {
        var a = await _factory.RegisterAsync("520402101201", 40, 8, 12);
        var b = await _factory.RegisterAsync("530102001002", 40, 9);
        var client = _factory.Client();
        var list = new SubmitEnrolmentListRequest { Term = EducationFactory.Term, SchoolCode = "S-A", SchoolName = "甲小学" };
        list.Entries.Add(new EnrolmentListEntry { PersonId = a.PersonIds[1].ToString(), Stage = Stage.Primary });
        list.Entries.Add(new EnrolmentListEntry { PersonId = b.PersonIds[1].ToString(), Stage = Stage.Primary });
        list.Entries.Add(new EnrolmentListEntry { PersonId = Guid.NewGuid().ToString(), Stage = Stage.Primary });
        var submitted = await client.SubmitEnrolmentListAsync(list);
        await _factory.EnrolAsync(a.PersonIds[2], Stage.JuniorMiddle);
        await client.GrantBenefitAsync(EducationFactory.Grant(a.PersonIds[2], BenefitType.LivingSubsidy));

        Assert.Equal(2, submitted.Enrolled);
        Assert.Equal("student.not-a-member", submitted.Results[2].Rule);
        var bySchool = await client.ListStudentsAsync(new ListStudentsRequest { SchoolCode = "S-A" });
        Assert.Equal(new[] { a.PersonIds[1], b.PersonIds[1] }.Select(p => p.ToString()).Order(), bySchool.Enrolments.Select(e => e.PersonId).Order());
        var byRegion = await client.ListStudentsAsync(new ListStudentsRequest { RegionCode = "5304" });
        Assert.Empty(byRegion.Enrolments);
        var byProvince = await client.ListStudentsAsync(new ListStudentsRequest { RegionCode = "53" });
        Assert.Equal(b.PersonIds[1].ToString(), Assert.Single(byProvince.Enrolments).PersonId);
        var byHousehold = await client.ListStudentsAsync(new ListStudentsRequest { HouseholdId = a.Id.ToString() });
        Assert.Equal(2, byHousehold.Enrolments.Count);
        var grants = await client.ListGrantsAsync(new ListGrantsRequest { HouseholdId = a.Id.ToString() });
        Assert.Equal("education.living-subsidy", Assert.Single(grants.Grants).BenefitTypeCode);
        // Both of household a's children are enrolled now; b's too.
        Assert.True((await client.GetEducationGuaranteeAsync(new GetEducationGuaranteeRequest { HouseholdId = a.Id.ToString() })).Met);
        Assert.Empty((await client.ListDropoutAlertsAsync(new ListDropoutAlertsRequest())).Alerts);
    }

    [Fact]
    public async Task Pages_follow_the_token()
    {
        var household = await _factory.RegisterAsync(40, 7, 8, 9);
        var seen = new List<string>();
        var request = new ListDropoutAlertsRequest { PageSize = 2 };
        do
        {
            var page = await _factory.Client().ListDropoutAlertsAsync(request);
            seen.AddRange(page.Alerts.Select(a => a.PersonId));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(household.PersonIds.Skip(1).Select(p => p.ToString()).Order(), seen.Order());
    }
}
