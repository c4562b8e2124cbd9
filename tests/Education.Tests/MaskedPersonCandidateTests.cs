using Coordination.Contracts;
using Coordination.Education.V1;
using Coordination.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Coordination.Education.Tests;

/// <summary>
/// The acceptance test of the mask for education's views: each response that carries a student or
/// a member (the known household, a student, the dropout alerts, the student list) leaves at least
/// 10,000 valid ID numbers with everything it shows, and no birth date in full anywhere.
/// </summary>
public class MaskedPersonCandidateTests(ITestOutputHelper output) : IAsyncLifetime
{
    private EducationFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await EducationFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private void Check(string response, string what, string regionCode, string birthDate, DateOnly real)
    {
        var candidates = new NationalIdCandidates(Today).Area(regionCode).BirthDate(birthDate);
        // The number is not education's to know; one made from the real birth date stands for it.
        var id = People.NationalId(real, Households.V1.Sex.Male, regionCode[..6]);
        Assert.True(candidates.Admits(id), $"{what}: the counter excludes the real birth date");
        output.WriteLine($"{what}: {candidates}");
        Assert.True(candidates.Count() >= 10_000, $"{what}: {candidates}");
        PersonalTraces.AssertAbsent(response, id, real);
    }

    [Fact]
    public async Task Every_view_of_a_student_or_member_leaves_at_least_10000_candidate_numbers()
    {
        var household = await _factory.RegisterAsync(40, 10, 0);
        var births = await _factory.WithDbAsync(db => Task.FromResult(db.Members.ToDictionary(m => m.Id.ToString(), m => m.BirthDate)));
        var client = _factory.Client();
        var child = household.PersonIds[1];

        var known = await client.GetKnownHouseholdAsync(new GetKnownHouseholdRequest { HouseholdId = household.Id.ToString() });
        foreach (var m in known.Members) Check(known.ToString(), "GetKnownHousehold", known.RegionCode, m.BirthDate, births[m.PersonId]);
        var alerts = await client.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { HouseholdId = household.Id.ToString() });
        foreach (var a in alerts.Alerts) Check(alerts.ToString(), "ListDropoutAlerts", a.RegionCode, a.BirthDate, births[a.PersonId]);
        Assert.NotEmpty(alerts.Alerts);

        await _factory.EnrolAsync(child);
        var student = await client.GetStudentAsync(new GetStudentRequest { PersonId = child.ToString() });
        Check(student.ToString(), "GetStudent", household.RegionCode, student.BirthDate, births[student.PersonId]);
        var listed = await client.ListStudentsAsync(new ListStudentsRequest { HouseholdId = household.Id.ToString() });
        foreach (var e in listed.Enrolments) Check(listed.ToString(), "ListStudents", e.RegionCode, "", births[e.PersonId]);

        // The year, never the day: 10 years before the term less 30 days is a year, the baby "last year or this".
        Assert.All(known.Members, m => Assert.Matches(@"^\d{4}\+?$", m.BirthDate));
    }
}
