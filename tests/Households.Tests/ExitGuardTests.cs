using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Google.Rpc;
using Grpc.Core;
using Xunit;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Households.Tests;

/// <summary>
/// 如何退 is the ledger's to judge and the registry's to decide: an exit is allowed only by the
/// ledger's evaluation (HouseholdExitEvaluated) of the household's current version.
/// </summary>
public class ExitGuardTests : IAsyncLifetime
{
    private HouseholdsFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await HouseholdsFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static readonly int ThisYear = DateTime.UtcNow.Year;

    private Task<Household> ExitAsync(Household h) => _factory.Registry().ChangeHouseholdStatusAsync(new ChangeHouseholdStatusRequest
    {
        HouseholdId = h.HouseholdId, Version = h.Version, To = HouseholdStatus.Exited, ExitYear = ThisYear, Reason = "两不愁三保障达标", ChangedBy = "县扶贫办",
    }).ResponseAsync;

    private static readonly ExitConditionOutcome[] AllMet =
    [
        new("income", true, "above the line"), new("education", true, "guaranteed"), new("medical", true, "guaranteed"), new("housing", true, "safe housing"),
    ];

    private Task EvaluatedAsync(Household h, bool eligible, ExitConditionOutcome[]? conditions = null, long? version = null, DateTime? at = null) =>
        _factory.DeliverAsync(new HouseholdExitEvaluated(Guid.Parse(h.HouseholdId), version ?? h.Version, eligible, conditions ?? AllMet, at ?? DateTime.UtcNow));

    private async Task AssertUnchangedAsync(Household h)
    {
        var read = await _factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = h.HouseholdId });
        Assert.Equal((HouseholdStatus.Registered, h.Version), (read.Status, read.Version));
        Assert.Empty(await _factory.EventsWhereAsync<HouseholdStatusChanged>(e => e.HouseholdId == Guid.Parse(h.HouseholdId)));
    }

    private static string RuleOf(RpcException e) => e.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations.Single().Type;

    [Fact]
    public async Task A_household_the_ledger_found_eligible_at_its_current_version_exits()
    {
        var h = await _factory.Registry().RegisterHouseholdAsync(People.Family());
        await EvaluatedAsync(h, eligible: true);

        var exited = await ExitAsync(h);

        Assert.Equal((HouseholdStatus.Exited, ThisYear), (exited.Status, exited.ExitYear));
    }

    [Fact]
    public async Task An_exit_before_the_ledger_evaluated_the_household_is_refused_as_pending_and_changes_nothing()
    {
        var h = await _factory.Registry().RegisterHouseholdAsync(People.Family());

        var error = await Assert.ThrowsAsync<RpcException>(() => ExitAsync(h));

        Assert.Equal((StatusCode.FailedPrecondition, "household.exit-evaluation-pending"), (error.StatusCode, RuleOf(error)));
        await AssertUnchangedAsync(h);
    }

    [Fact]
    public async Task An_evaluation_of_an_older_version_does_not_allow_an_exit()
    {
        var h = await _factory.Registry().RegisterHouseholdAsync(People.Family());
        await EvaluatedAsync(h, eligible: true);
        h = await _factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest { HouseholdId = h.HouseholdId, Version = h.Version, IncomePerCapitaFen = 100_000 });

        var error = await Assert.ThrowsAsync<RpcException>(() => ExitAsync(h));

        Assert.Equal("household.exit-evaluation-pending", RuleOf(error));
        Assert.Contains($"version {h.Version}", error.Status.Detail);
        await AssertUnchangedAsync(h);
    }

    [Fact]
    public async Task An_ineligible_household_is_refused_with_every_failing_condition_named_and_nothing_else()
    {
        var h = await _factory.Registry().RegisterHouseholdAsync(People.Family());
        await EvaluatedAsync(h, eligible: false,
        [
            new("income", true, "above the line"), new("education", true, "guaranteed"),
            new("medical", false, $"basic medical insurance not guaranteed ({ThisYear}): 1 of 3 members have no basic medical insurance"),
            new("housing", false, "the dwelling is dangerous (危房)"),
        ]);

        var error = await Assert.ThrowsAsync<RpcException>(() => ExitAsync(h));

        Assert.Equal((StatusCode.FailedPrecondition, "household.exit-conditions"), (error.StatusCode, RuleOf(error)));
        Assert.Contains($"medical: basic medical insurance not guaranteed ({ThisYear}): 1 of 3 members have no basic medical insurance", error.Status.Detail);
        Assert.Contains("housing: the dwelling is dangerous", error.Status.Detail);
        Assert.DoesNotContain("income", error.Status.Detail);
        await AssertUnchangedAsync(h);
    }

    [Fact]
    public async Task An_evaluation_that_arrives_after_a_newer_one_changes_nothing()
    {
        var h = await _factory.Registry().RegisterHouseholdAsync(People.Family());
        var now = DateTime.UtcNow;
        await EvaluatedAsync(h, eligible: true, at: now);
        await EvaluatedAsync(h, eligible: false, [new("income", false, "not above the line")], at: now.AddSeconds(-5));

        Assert.Equal(HouseholdStatus.Exited, (await ExitAsync(h)).Status);
    }

    [Fact]
    public async Task Without_enforcement_a_household_exits_without_an_evaluation()
    {
        await using var lenient = await HouseholdsFactory.CreateAsync(settings: LifecycleTests.WithoutExitConditions);
        var h = await lenient.Registry().RegisterHouseholdAsync(People.Family());
        var exited = await lenient.Registry().ChangeHouseholdStatusAsync(new ChangeHouseholdStatusRequest
        {
            HouseholdId = h.HouseholdId, Version = h.Version, To = HouseholdStatus.Exited, ExitYear = ThisYear, Reason = "达标", ChangedBy = "县扶贫办",
        });
        Assert.Equal(HouseholdStatus.Exited, exited.Status);
    }

    [Fact]
    public async Task A_requested_flag_is_raised_once_with_its_reason_and_one_for_an_unknown_household_is_dropped()
    {
        var h = await _factory.Registry().RegisterHouseholdAsync(People.Family());
        var id = Guid.Parse(h.HouseholdId);
        var request = new MonitoringFlagRequested(id, Vocabulary.MonitoringCategory.SuddenHardship, "Disaster in region 520402101: 7月山洪", "县应急局", DateTime.UtcNow);
        await _factory.DeliverAsync(request);
        await _factory.DeliverAsync(request with { Reason = "余震" });
        await _factory.DeliverAsync(request with { HouseholdId = Guid.NewGuid() });

        var flag = Assert.Single((await _factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = h.HouseholdId })).MonitoringFlags);
        Assert.Equal((MonitoringCategory.SuddenHardship, "县应急局", "Disaster in region 520402101: 7月山洪"), (flag.Category, flag.RaisedBy, flag.Reason));
        Assert.Single(await _factory.EventsWhereAsync<MonitoringFlagRaised>(e => e.HouseholdId == id));
        Assert.Single(await _factory.EventsAsync<MonitoringFlagRaised>());
    }
}
