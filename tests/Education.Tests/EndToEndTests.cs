using Coordination.Contracts.Events;
using Coordination.Education.V1;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Net.Client;
using Xunit;

namespace Coordination.Education.Tests;

/// <summary>
/// The registry and education as real processes over the test RabbitMQ, each on its own SQLite file,
/// with education's default (calendar) term and school ages.
/// </summary>
public sealed class RegistryAndEducation : IAsyncLifetime
{
    private ProcessSuite? _suite;

    public ServiceProcess Households => _suite!["households"];

    public ServiceProcess Education => _suite!["education"];

    public async Task InitializeAsync()
    {
        if (TestEnvironment.RabbitMq is null) return; // the tests skip themselves
        _suite = await ProcessSuite.StartAsync(["households", "education"]);
    }

    public async Task DisposeAsync()
    {
        if (_suite is not null) await _suite.DisposeAsync();
    }

    public string Logs() => _suite!.Logs();
}

public class EndToEndTests(RegistryAndEducation suite) : IClassFixture<RegistryAndEducation>
{
    [RabbitMqFact]
    public async Task A_registered_10_year_old_out_of_school_is_alerted_then_enrolled_guaranteed_and_granted_a_tuition_waiver()
    {
        await using var raised = await EventProbe<DropoutAlertRaised>.StartAsync();
        await using var cleared = await EventProbe<DropoutAlertCleared>.StartAsync();
        await using var guarantees = await EventProbe<EducationGuaranteeChanged>.StartAsync();
        await using var granted = await EventProbe<AidGranted>.StartAsync();
        using var householdsChannel = suite.Households.Channel();
        using var educationChannel = suite.Education.Channel();
        var registry = new HouseholdRegistry.HouseholdRegistryClient(householdsChannel);
        var education = new EducationAid.EducationAidClient(educationChannel);

        // The registry files a household with a 10-year-old (People.Family): HouseholdRegistered reaches education.
        var registered = await registry.RegisterHouseholdAsync(People.Family());
        var householdId = Guid.Parse(registered.HouseholdId);
        var child = Guid.Parse(registered.Members.Single(m => m.Relation == Relation.Child).PersonId);

        var alert = await raised.WaitForAsync(e => e.HouseholdId == householdId, TimeSpan.FromSeconds(20));
        Assert.Equal(child, alert.Message.PersonId);
        var listed = await education.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { HouseholdId = registered.HouseholdId });
        Assert.Equal(child.ToString(), Assert.Single(listed.Alerts).PersonId);
        Assert.False((await guarantees.WaitForAsync(e => e.HouseholdId == householdId)).Message.Met);

        // The school enrols the child: the alert clears and the household's guarantee turns true.
        var enrolment = await education.EnrolStudentAsync(new EnrolStudentRequest
        {
            PersonId = child.ToString(), SchoolCode = "520402-PS-01", SchoolName = "某村小学", Stage = Stage.Primary,
        });
        Assert.Equal(alert.Message.Term, enrolment.Term);

        await cleared.WaitForAsync(e => e.HouseholdId == householdId && e.PersonId == child, TimeSpan.FromSeconds(20));
        var met = await guarantees.WaitForAsync(e => e.HouseholdId == householdId && e.Met, TimeSpan.FromSeconds(20));
        Assert.Equal(alert.Message.Term, met.Message.Term);
        Assert.Empty((await education.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { HouseholdId = registered.HouseholdId })).Alerts);
        Assert.True((await education.GetEducationGuaranteeAsync(new GetEducationGuaranteeRequest { HouseholdId = registered.HouseholdId })).Met);

        // A tuition waiver leaves as AidGranted, for the household's ledger.
        var grant = await education.GrantBenefitAsync(new GrantBenefitRequest
        {
            RequestId = "e2e-" + Guid.NewGuid(), PersonId = child.ToString(), BenefitType = BenefitType.TuitionWaiver, AmountFen = 60_000,
        });
        var aid = await granted.WaitForAsync(e => e.GrantId == Guid.Parse(grant.GrantId), TimeSpan.FromSeconds(20));
        Assert.Equal(householdId, aid.Message.HouseholdId);
        Assert.Equal(child, aid.Message.PersonId);
        Assert.Equal("education", aid.Message.Grantor.Code);
        Assert.Equal("education.tuition-waiver", aid.Message.BenefitTypeCode);
        Assert.Equal(60_000, aid.Message.InKindValueFen);
    }
}
