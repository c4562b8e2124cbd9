using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Industry.V1;
using Coordination.TestSupport;
using Google.Rpc;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Coordination.Industry.Tests;

public class EnrolmentTests : IAsyncLifetime
{
    private IndustryFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = await IndustryFactory.CreateAsync(settings: new Dictionary<string, string?> { ["Households:BufferPeriodYears"] = "5" });

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static int ThisYear => DateTime.UtcNow.Year;

    private async Task<Enrolment> EnrollAsync(Project project, Guid household, EnrolmentRole role = EnrolmentRole.Member) =>
        await _factory.Client().EnrollHouseholdAsync(new EnrollHouseholdRequest
        {
            ProjectId = project.ProjectId, HouseholdId = household.ToString(), Role = role,
        });

    [Fact]
    public async Task A_registered_household_is_enrolled_once_per_role_and_the_enrolment_is_published()
    {
        var project = await _factory.CreateProjectAsync();
        var household = await _factory.KnownHouseholdAsync();

        var first = await EnrollAsync(project, household);
        var again = await EnrollAsync(project, household);
        var asWorker = await EnrollAsync(project, household, EnrolmentRole.Worker);

        Assert.Equal(first.EnrolmentId, again.EnrolmentId);
        Assert.NotEqual(first.EnrolmentId, asWorker.EnrolmentId);
        Assert.Equal(2, await _factory.WithDbAsync(db => db.Enrolments.CountAsync()));
        var published = await _factory.OutboxAsync<HouseholdEnrolledInProject>();
        Assert.Equal(["member", "worker"], published.Select(e => e.Role));
        Assert.All(published, e => Assert.Equal(household, e.HouseholdId));
    }

    [Fact]
    public async Task A_household_returned_to_poverty_is_eligible()
    {
        var project = await _factory.CreateProjectAsync();
        var household = await _factory.KnownHouseholdAsync(HouseholdStatus.ReturnedToPoverty);

        var enrolment = await EnrollAsync(project, household, EnrolmentRole.LandLessor);

        Assert.Equal(EnrolmentRole.LandLessor, enrolment.Role);
    }

    [Fact]
    public async Task An_exited_household_within_the_buffer_period_is_eligible()
    {
        var project = await _factory.CreateProjectAsync();
        // Exited five years ago with a five-year buffer: this is its last year of policies.
        var household = await _factory.KnownHouseholdAsync(HouseholdStatus.Exited, exitYear: ThisYear - 5);

        var enrolment = await EnrollAsync(project, household);

        Assert.Equal(household.ToString(), enrolment.HouseholdId);
    }

    public static TheoryData<string, string> IneligibleHouseholds => new()
    {
        { "unknown", "household.unknown" },
        { "merged", "household.merged" },
        { "exited past the buffer", "household.exited-past-buffer" },
        { "only identified", "household.not-registered" },
    };

    [Theory]
    [MemberData(nameof(IneligibleHouseholds))]
    public async Task An_ineligible_household_is_FailedPrecondition_naming_the_rule_and_nothing_is_stored(string household, string rule)
    {
        var project = await _factory.CreateProjectAsync();
        var id = household switch
        {
            "unknown" => Guid.NewGuid(),
            "merged" => await _factory.KnownHouseholdAsync(mergedInto: Guid.NewGuid()),
            "exited past the buffer" => await _factory.KnownHouseholdAsync(HouseholdStatus.Exited, exitYear: ThisYear - 6),
            _ => await _factory.KnownHouseholdAsync(HouseholdStatus.Identified),
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => EnrollAsync(project, id));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(rule, Assert.Single(error.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations).Type);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Enrolments.CountAsync()));
        Assert.Empty(await _factory.OutboxAsync<HouseholdEnrolledInProject>());
    }

    [Fact]
    public async Task The_buffer_period_is_configurable()
    {
        await using var shortBuffer = await IndustryFactory.CreateAsync(settings: new Dictionary<string, string?> { ["Households:BufferPeriodYears"] = "2" });
        var project = await shortBuffer.CreateProjectAsync();
        // Within the default five years, past a two-year buffer.
        var household = await shortBuffer.KnownHouseholdAsync(HouseholdStatus.Exited, exitYear: ThisYear - 3);

        var error = await Assert.ThrowsAsync<RpcException>(() => shortBuffer.Client().EnrollHouseholdAsync(new EnrollHouseholdRequest
        {
            ProjectId = project.ProjectId, HouseholdId = household.ToString(), Role = EnrolmentRole.Member,
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("2-year buffer", error.Status.Detail);
    }

    [Fact]
    public async Task Households_join_active_projects_only()
    {
        var project = await _factory.CreateProjectAsync();
        await _factory.Client().ChangeProjectStatusAsync(new ChangeProjectStatusRequest { ProjectId = project.ProjectId, Status = ProjectStatus.Suspended });

        var error = await Assert.ThrowsAsync<RpcException>(() => EnrollAsync(project, Guid.NewGuid()));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("project.not-active", error.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations[0].Type);
    }

    [Fact]
    public async Task Invalid_enrolments_name_every_field_and_an_unknown_project_is_NotFound()
    {
        var client = _factory.Client();
        var invalid = await Assert.ThrowsAsync<RpcException>(() => client.EnrollHouseholdAsync(
            new EnrollHouseholdRequest { ProjectId = "x", HouseholdId = "", Role = EnrolmentRole.Unspecified }).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.EnrollHouseholdAsync(new EnrollHouseholdRequest
        {
            ProjectId = Guid.NewGuid().ToString(), HouseholdId = Guid.NewGuid().ToString(), Role = EnrolmentRole.Worker,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(["household_id", "project_id", "role"], invalid.FieldViolations().Select(v => v.Field).Order());
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Enrolments.CountAsync()));
    }

    [Fact]
    public async Task The_directory_learns_households_from_the_registrys_events()
    {
        var project = await _factory.CreateProjectAsync();
        var household = Guid.NewGuid();
        var member = new HouseholdMember(Guid.NewGuid(), Relation.Head, Sex.Male, new DateOnly(1980, 3, 14),
            HealthStatus.Healthy, LabourCapacity.Full, SchoolingStage.Completed);

        await _factory.Services.GetRequiredService<IBus>().Publish(new HouseholdRegistered(household, "520402101201AB12CD34", "520402101201",
            HouseholdStatus.Registered, [PovertyCause.LackOfCapital], 320_000, [member], DateTime.UtcNow));

        var enrolment = await Eventually.GetAsync(async () =>
        {
            try { return await EnrollAsync(project, household); }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition) { return null; }
        }, TimeSpan.FromSeconds(10), "industry to learn of the household");
        Assert.Equal(household.ToString(), enrolment.HouseholdId);

        // The registry merges it into another record: it can no longer join projects.
        await _factory.Services.GetRequiredService<IBus>().Publish(new HouseholdsMerged(Guid.NewGuid(), household, [member.PersonId], [],
            "duplicate record", "reviewer", DateTime.UtcNow));
        await Eventually.TrueAsync(async () =>
        {
            try { await EnrollAsync(project, household, EnrolmentRole.Worker); return false; }
            catch (RpcException e) when (e.Status.Detail.Contains("merged")) { return true; }
        }, TimeSpan.FromSeconds(10), "industry to learn of the merge");
    }
}
