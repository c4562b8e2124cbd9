using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Education.V1;
using Coordination.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Coordination.Education.Tests;

public class DropoutTests : IAsyncLifetime
{
    private EducationFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await EducationFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task An_unenrolled_school_age_child_raises_an_alert_that_clears_on_enrolment_and_the_guarantee_follows()
    {
        var household = await _factory.RegisterAsync(40, 10);
        var child = household.PersonIds[1];
        var client = _factory.Client();

        var alerts = await client.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { HouseholdId = household.Id.ToString() });
        var alert = Assert.Single(alerts.Alerts);
        Assert.Equal(child.ToString(), alert.PersonId);
        Assert.Equal(EducationFactory.Term, alert.Term);
        var before = await client.GetEducationGuaranteeAsync(new GetEducationGuaranteeRequest { HouseholdId = household.Id.ToString() });
        Assert.False(before.Met);
        Assert.Equal([child.ToString()], before.UnenrolledPersonIds);

        await _factory.EnrolAsync(child);

        Assert.Empty((await client.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { HouseholdId = household.Id.ToString() })).Alerts);
        var cleared = Assert.Single((await client.ListDropoutAlertsAsync(
            new ListDropoutAlertsRequest { HouseholdId = household.Id.ToString(), IncludeCleared = true })).Alerts);
        Assert.Equal("enrolled", cleared.ClearedReason);
        var after = await client.GetEducationGuaranteeAsync(new GetEducationGuaranteeRequest { HouseholdId = household.Id.ToString() });
        Assert.True(after.Met);
        Assert.Equal(EducationFactory.Term, after.Term);

        Assert.Equal([new DropoutAlertRaised(household.Id, child, EducationFactory.Term, default)],
            (await _factory.OutboxAsync<DropoutAlertRaised>()).Select(e => e with { RaisedAt = default }));
        Assert.Equal([new DropoutAlertCleared(household.Id, child, EducationFactory.Term, default)],
            (await _factory.OutboxAsync<DropoutAlertCleared>()).Select(e => e with { ClearedAt = default }));
        Assert.Equal([false, true], (await _factory.OutboxAsync<EducationGuaranteeChanged>()).Select(e => e.Met));
    }

    [Fact]
    public async Task A_withdrawal_raises_the_alert_again_and_the_guarantee_fails_again()
    {
        var household = await _factory.RegisterAsync(40, 10);
        var child = household.PersonIds[1];
        await _factory.EnrolAsync(child);

        await _factory.Client().WithdrawStudentAsync(new WithdrawStudentRequest { PersonId = child.ToString(), Reason = "left school" });

        Assert.Single((await _factory.Client().ListDropoutAlertsAsync(new ListDropoutAlertsRequest { HouseholdId = household.Id.ToString() })).Alerts);
        Assert.Equal(2, (await _factory.OutboxAsync<DropoutAlertRaised>()).Count);
        Assert.Equal([false, true, false], (await _factory.OutboxAsync<EducationGuaranteeChanged>()).Select(e => e.Met));
    }

    [Fact]
    public async Task Only_members_of_school_age_on_the_first_day_of_term_are_watched()
    {
        var household = await _factory.RegisterAsync(40, 5, 6, 15, 16);

        var alerts = await _factory.Client().ListDropoutAlertsAsync(new ListDropoutAlertsRequest { HouseholdId = household.Id.ToString() });

        Assert.Equal(new[] { household.PersonIds[2], household.PersonIds[3] }.Select(p => p.ToString()).Order(),
            alerts.Alerts.Select(a => a.PersonId).Order());
    }

    [Fact]
    public async Task A_household_with_no_school_age_member_meets_the_guarantee()
    {
        var household = await _factory.RegisterAsync(70, 68);

        var guarantee = await _factory.Client().GetEducationGuaranteeAsync(new GetEducationGuaranteeRequest { HouseholdId = household.Id.ToString() });

        Assert.True(guarantee.Met);
        Assert.Contains("No member is of school age", guarantee.Explanation);
        Assert.True(Assert.Single(await _factory.OutboxAsync<EducationGuaranteeChanged>()).Met);
        Assert.Empty(await _factory.OutboxAsync<DropoutAlertRaised>());
    }

    [Fact]
    public async Task A_child_who_joins_the_household_is_alerted_and_one_who_leaves_is_cleared()
    {
        var household = await _factory.RegisterAsync(40, 10);
        var leaving = household.PersonIds[1];
        var joining = new HouseholdMember(Guid.NewGuid(), Relation.Child, Sex.Female, EducationFactory.TermStart.AddYears(-8),
            HealthStatus.Healthy, LabourCapacity.None, SchoolingStage.NotInSchool);
        var head = new HouseholdMember(household.PersonIds[0], Relation.Head, Sex.Male, EducationFactory.TermStart.AddYears(-40),
            HealthStatus.Healthy, LabourCapacity.Full, SchoolingStage.Completed);

        await _factory.PublishAsync(new HouseholdUpdated(household.Id, 2, household.RegionCode, [PovertyCause.Illness], 300_000, [head, joining], DateTime.UtcNow));
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.DropoutAlerts.AnyAsync(a => a.PersonId == joining.PersonId)),
            TimeSpan.FromSeconds(10), "the new member's alert");

        var alerts = await _factory.Client().ListDropoutAlertsAsync(new ListDropoutAlertsRequest { HouseholdId = household.Id.ToString(), IncludeCleared = true });
        Assert.Equal("no longer a member of the household", alerts.Alerts.Single(a => a.PersonId == leaving.ToString()).ClearedReason);
        Assert.False(alerts.Alerts.Single(a => a.PersonId == joining.PersonId.ToString()).Cleared);
    }

    [Fact]
    public async Task A_household_exited_past_its_buffer_period_has_its_alerts_cleared()
    {
        var household = await _factory.RegisterAsync(40, 10);

        await _factory.PublishAsync(new HouseholdStatusChanged(household.Id, 2, HouseholdStatus.Registered, HouseholdStatus.Exited,
            2016, "income above the line", "county office", DateTime.UtcNow));
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.DropoutAlerts.AnyAsync(a => a.HouseholdId == household.Id && a.ClearedAt != null)),
            TimeSpan.FromSeconds(10), "the alert to clear");

        Assert.Single(await _factory.OutboxAsync<DropoutAlertCleared>());
    }

    [Fact]
    public async Task A_household_merged_into_another_has_its_alerts_cleared()
    {
        var household = await _factory.RegisterAsync(40, 10);

        await _factory.PublishAsync(new HouseholdsMerged(Guid.NewGuid(), household.Id, household.PersonIds, [], "one family filed twice", "county office", DateTime.UtcNow));
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.DropoutAlerts.AnyAsync(a => a.HouseholdId == household.Id && a.ClearedAt != null)),
            TimeSpan.FromSeconds(10), "the alert to clear");

        var alert = Assert.Single((await _factory.Client().ListDropoutAlertsAsync(
            new ListDropoutAlertsRequest { HouseholdId = household.Id.ToString(), IncludeCleared = true })).Alerts);
        Assert.Equal("the household is no longer a registered household", alert.ClearedReason);
    }

    [Fact]
    public async Task Alerts_are_listed_by_region_prefix_and_term()
    {
        var here = await _factory.RegisterAsync("520402101201", 40, 9);
        var there = await _factory.RegisterAsync("530102001002", 40, 9);
        var client = _factory.Client();

        var guizhou = await client.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { RegionCode = "52" });
        var county = await client.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { RegionCode = "520402" });
        var otherTerm = await client.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { Term = "2027-spring" });

        Assert.Equal(here.PersonIds[1].ToString(), Assert.Single(guizhou.Alerts).PersonId);
        Assert.Equal(here.PersonIds[1].ToString(), Assert.Single(county.Alerts).PersonId);
        Assert.Empty(otherTerm.Alerts);
        Assert.NotEqual(here.Id, there.Id);
    }
}

public class DropoutConfigurationTests
{
    [Fact]
    public async Task The_school_ages_are_configurable()
    {
        await using var factory = await EducationFactory.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Education:SchoolAgeFrom"] = "3",
            ["Education:SchoolAgeTo"] = "17",
        });

        var household = await factory.RegisterAsync(40, 2, 3, 17, 18);
        var alerts = await factory.Client().ListDropoutAlertsAsync(new ListDropoutAlertsRequest { HouseholdId = household.Id.ToString() });

        Assert.Equal(new[] { household.PersonIds[2], household.PersonIds[3] }.Select(p => p.ToString()).Order(),
            alerts.Alerts.Select(a => a.PersonId).Order());
    }

    [Fact]
    public async Task A_new_term_asks_for_enrolment_again_when_the_sweep_runs()
    {
        await using var factory = await EducationFactory.CreateAsync();
        var household = await factory.RegisterAsync(40, 10);
        await factory.EnrolAsync(household.PersonIds[1]);
        Assert.Empty((await factory.Client().ListDropoutAlertsAsync(new ListDropoutAlertsRequest())).Alerts);

        // The clock moves into the next term: the sweep finds the child not yet enrolled for it.
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Domain.EducationOptions>>().Value;
        options.CurrentTerm = "2027-spring";
        await factory.Services.GetRequiredService<Dropout.DropoutSweep>().SweepAsync(CancellationToken.None);

        var alert = Assert.Single((await factory.Client().ListDropoutAlertsAsync(new ListDropoutAlertsRequest())).Alerts);
        Assert.Equal("2027-spring", alert.Term);
        Assert.Equal([false, true, false], (await factory.OutboxAsync<EducationGuaranteeChanged>()).Select(e => e.Met));
        Assert.Equal("2027-spring", (await factory.OutboxAsync<EducationGuaranteeChanged>()).Last().Term);
    }
}
