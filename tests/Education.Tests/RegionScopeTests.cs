using System.Net;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Contracts.Events;
using Coordination.Education.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Education.Tests;

/// <summary>
/// A county's education bureau (region scope 520402) works with its county's students only: it reads
/// and lists them, while a student, grant or household of the neighbouring county 520403 is
/// PermissionDenied to read or change and absent from every list. A caller serving no region sees nothing.
/// </summary>
public class RegionScopeTests : IAsyncLifetime
{
    private const string OwnVillage = "520402101201";
    private const string OtherVillage = "520403101201";

    private static readonly TestCaller County = TestCaller.WithRoles(Roles.DepartmentEducation).InRegions("520402");
    private static readonly TestCaller Nowhere = TestCaller.WithRoles(Roles.DepartmentEducation).InRegions();

    private EducationFactory _factory = null!;
    private Household _own = null!;
    private Household _other = null!;
    private string _ownGrant = "";
    private string _otherGrant = "";

    public Task InitializeAsync() => SetUpAsync(DatabaseProvider.Sqlite);

    private async Task SetUpAsync(DatabaseProvider provider)
    {
        _factory = await EducationFactory.CreateAsync(provider);
        // Each household: a head, two enrolled pupils with a grant, and a school-age child not enrolled (an alert).
        _own = await _factory.RegisterAsync(OwnVillage, 40, 8, 9, 10);
        _other = await _factory.RegisterAsync(OtherVillage, 41, 8, 9, 10);
        var broad = _factory.Client();
        foreach (var household in new[] { _own, _other })
        {
            await _factory.EnrolAsync(household.PersonIds[1]);
            await _factory.EnrolAsync(household.PersonIds[2]);
        }
        _ownGrant = (await broad.GrantBenefitAsync(EducationFactory.Grant(_own.PersonIds[1], BenefitType.TuitionWaiver))).GrantId;
        _otherGrant = (await broad.GrantBenefitAsync(EducationFactory.Grant(_other.PersonIds[1], BenefitType.TuitionWaiver))).GrantId;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private EducationAid.EducationAidClient As(TestCaller caller) => new(_factory.Channel(caller));

    [Fact]
    public async Task A_county_caller_reads_its_county_s_students_and_households_and_is_denied_another_county_s()
    {
        var county = As(County);

        Assert.Equal(_own.Id.ToString(), (await county.GetStudentAsync(new GetStudentRequest { PersonId = _own.PersonIds[1].ToString() })).HouseholdId);
        Assert.Equal(OwnVillage, (await county.GetKnownHouseholdAsync(new GetKnownHouseholdRequest { HouseholdId = _own.Id.ToString() })).RegionCode);
        Assert.False((await county.GetEducationGuaranteeAsync(new GetEducationGuaranteeRequest { HouseholdId = _own.Id.ToString() })).Met);

        await AssertDenied(() => county.GetStudentAsync(new GetStudentRequest { PersonId = _other.PersonIds[1].ToString() }).ResponseAsync);
        await AssertDenied(() => county.GetKnownHouseholdAsync(new GetKnownHouseholdRequest { HouseholdId = _other.Id.ToString() }).ResponseAsync);
        await AssertDenied(() => county.GetEducationGuaranteeAsync(new GetEducationGuaranteeRequest { HouseholdId = _other.Id.ToString() }).ResponseAsync);
        // A student nobody knows is still NotFound: the scope hides no absence.
        var unknown = await Assert.ThrowsAsync<RpcException>(() => county.GetStudentAsync(new GetStudentRequest { PersonId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        // REST is the same method: 403 for the other county's student.
        using var http = _factory.CreateClient(County);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/education/students/{_own.PersonIds[1]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/v1/education/students/{_other.PersonIds[1]}")).StatusCode);
    }

    [Fact]
    public Task A_county_caller_s_lists_hold_its_county_s_students_grants_and_alerts_only_on_every_page() => ListsInScope();

    [PostgresFact]
    public async Task A_county_caller_s_lists_hold_its_county_s_students_grants_and_alerts_only_on_PostgreSQL()
    {
        await _factory.DisposeAsync();
        await SetUpAsync(DatabaseProvider.PostgreSql);
        await ListsInScope();
    }

    private async Task ListsInScope()
    {
        var county = As(County);

        var students = new List<Enrolment>();
        var token = "";
        do
        {
            var page = await county.ListStudentsAsync(new ListStudentsRequest { PageSize = 1, PageToken = token });
            students.AddRange(page.Enrolments);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal(_own.PersonIds.Skip(1).Take(2).Select(p => p.ToString()).Order(), students.Select(e => e.PersonId).Order());

        // Asking for the other county by name, or for its household, lists nothing.
        Assert.Empty((await county.ListStudentsAsync(new ListStudentsRequest { RegionCode = "520403" })).Enrolments);
        Assert.Empty((await county.ListStudentsAsync(new ListStudentsRequest { HouseholdId = _other.Id.ToString() })).Enrolments);
        Assert.Empty((await county.ListGrantsAsync(new ListGrantsRequest { HouseholdId = _other.Id.ToString() })).Grants);
        Assert.Empty((await county.ListGrantsAsync(new ListGrantsRequest { PersonId = _other.PersonIds[1].ToString() })).Grants);
        Assert.Equal([_ownGrant], (await county.ListGrantsAsync(new ListGrantsRequest { HouseholdId = _own.Id.ToString() })).Grants.Select(g => g.GrantId));

        var alerts = (await county.ListDropoutAlertsAsync(new ListDropoutAlertsRequest())).Alerts;
        Assert.Equal([_own.PersonIds[3].ToString()], alerts.Select(a => a.PersonId));
        Assert.Empty((await county.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { RegionCode = "520403" })).Alerts);
    }

    [Fact]
    public async Task A_county_caller_cannot_enrol_withdraw_grant_or_revoke_for_another_county_and_nothing_changes()
    {
        var county = As(County);
        var outboxBefore = await _factory.OutboxCountAsync();
        var unenrolled = _other.PersonIds[3];

        await AssertDenied(() => county.EnrolStudentAsync(Enrol(unenrolled)).ResponseAsync);
        await AssertDenied(() => county.WithdrawStudentAsync(new WithdrawStudentRequest { PersonId = _other.PersonIds[2].ToString(), Reason = "moved" }).ResponseAsync);
        await AssertDenied(() => county.GrantBenefitAsync(EducationFactory.Grant(_other.PersonIds[2], BenefitType.TuitionWaiver)).ResponseAsync);
        await AssertDenied(() => county.RevokeGrantAsync(new RevokeGrantRequest { GrantId = _otherGrant, Reason = "mistake" }).ResponseAsync);
        // One entry of the other county rejects the whole list: its own county's entry is not enrolled either.
        var list = new SubmitEnrolmentListRequest { Term = EducationFactory.Term, SchoolCode = "520402-PS-01", SchoolName = "某村小学" };
        list.Entries.Add(new EnrolmentListEntry { PersonId = _own.PersonIds[3].ToString(), Stage = Stage.Primary });
        list.Entries.Add(new EnrolmentListEntry { PersonId = unenrolled.ToString(), Stage = Stage.Primary });
        await AssertDenied(() => county.SubmitEnrolmentListAsync(list).ResponseAsync);

        await _factory.WithDbAsync(async db =>
        {
            Assert.False(await db.Enrolments.AnyAsync(e => e.PersonId == unenrolled || e.PersonId == _own.PersonIds[3]));
            Assert.True(await db.Enrolments.AnyAsync(e => e.PersonId == _other.PersonIds[2] && e.WithdrawalReason == null));
            Assert.Null((await db.Grants.SingleAsync(g => g.Id == Guid.Parse(_otherGrant))).RevokedAt);
            return true;
        });
        Assert.Equal(outboxBefore, await _factory.OutboxCountAsync());

        // Its own county's student it enrols and grants to.
        await county.EnrolStudentAsync(Enrol(_own.PersonIds[3]));
        await county.GrantBenefitAsync(EducationFactory.Grant(_own.PersonIds[2], BenefitType.TuitionWaiver));
        Assert.Equal(2, (await _factory.OutboxAsync<AidGranted>()).Count(g => g.HouseholdId == _own.Id));
    }

    [Fact]
    public async Task A_caller_serving_no_region_sees_nothing_and_changes_nothing()
    {
        var nowhere = As(Nowhere);

        Assert.Empty((await nowhere.ListStudentsAsync(new ListStudentsRequest())).Enrolments);
        Assert.Empty((await nowhere.ListGrantsAsync(new ListGrantsRequest { HouseholdId = _own.Id.ToString() })).Grants);
        Assert.Empty((await nowhere.ListDropoutAlertsAsync(new ListDropoutAlertsRequest())).Alerts);
        await AssertDenied(() => nowhere.GetStudentAsync(new GetStudentRequest { PersonId = _own.PersonIds[1].ToString() }).ResponseAsync);
        await AssertDenied(() => nowhere.GetKnownHouseholdAsync(new GetKnownHouseholdRequest { HouseholdId = _own.Id.ToString() }).ResponseAsync);
        await AssertDenied(() => nowhere.EnrolStudentAsync(Enrol(_own.PersonIds[3])).ResponseAsync);
        await AssertDenied(() => nowhere.RevokeGrantAsync(new RevokeGrantRequest { GrantId = _ownGrant, Reason = "mistake" }).ResponseAsync);
        Assert.False(await _factory.WithDbAsync(db => db.Enrolments.AnyAsync(e => e.PersonId == _own.PersonIds[3])));
    }

    private static EnrolStudentRequest Enrol(Guid personId) => new()
    {
        PersonId = personId.ToString(), Term = EducationFactory.Term, SchoolCode = "520402-PS-01", SchoolName = "某村小学", Stage = Stage.Primary,
    };

    private static async Task AssertDenied(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
