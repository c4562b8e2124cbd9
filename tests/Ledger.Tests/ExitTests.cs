using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.Ledger.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;
using static Coordination.Ledger.Tests.LedgerKit;

namespace Coordination.Ledger.Tests;

/// <summary>
/// 如何退: income above the configured poverty line and 两不愁三保障 — the education and medical
/// guarantees as their services reported them, safe housing as the registry holds it.
/// </summary>
public class ExitTests : IAsyncLifetime
{
    private LedgerFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await LedgerFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static readonly int ThisYear = DateTime.UtcNow.Year;

    private async Task<Household> GuaranteedAsync(RegisterHouseholdRequest request, bool insured = true)
    {
        var h = await _factory.RegisteredAsync(request);
        var id = Guid.Parse(h.HouseholdId);
        await _factory.DeliverAsync(new EducationGuaranteeChanged(id, "2026-autumn", true, "all 1 school-age members enrolled", DateTime.UtcNow));
        await _factory.DeliverAsync(new MedicalGuaranteeChanged(id, ThisYear, insured,
            insured ? "all 3 members insured" : $"1 of 3 members have no basic medical insurance for {ThisYear}", DateTime.UtcNow));
        return h;
    }

    /// <summary>The latest evaluation the ledger published for the registry, which guards the exit with it.</summary>
    private async Task<HouseholdExitEvaluated> PublishedAsync(Household h) =>
        (await _factory.EventsWhereAsync<HouseholdExitEvaluated>(e => e.HouseholdId == Guid.Parse(h.HouseholdId)))[^1].Event;

    [Fact]
    public async Task A_household_meeting_all_conditions_is_evaluated_eligible_for_the_registry()
    {
        var h = await GuaranteedAsync(ReadyFamily());

        var evaluation = await _factory.Ledger().EvaluateExitAsync(new EvaluateExitRequest { HouseholdId = h.HouseholdId });
        Assert.True(evaluation.Eligible);
        Assert.Equal(["income", "education", "medical", "housing"], evaluation.Conditions.Select(c => c.Code));
        Assert.All(evaluation.Conditions, c => Assert.True(c.Met, c.Explanation));
        Assert.Contains("5200.00", evaluation.Conditions[0].Explanation);
        Assert.Contains("4000.00", evaluation.Conditions[0].Explanation);

        var published = await PublishedAsync(h);
        Assert.Equal((true, h.Version), (published.Eligible, published.HouseholdVersion));
        Assert.Equal(["income", "education", "medical", "housing"], published.Conditions.Select(c => c.Code));
    }

    [Fact]
    public async Task A_household_with_an_uninsured_member_is_evaluated_ineligible_with_that_reason()
    {
        var h = await GuaranteedAsync(ReadyFamily(), insured: false);

        var published = await PublishedAsync(h);
        Assert.False(published.Eligible);
        var failing = Assert.Single(published.Conditions, c => !c.Met);
        Assert.Equal("medical", failing.Code);
        Assert.Contains($"basic medical insurance not guaranteed ({ThisYear}): 1 of 3 members have no basic medical insurance", failing.Explanation);

        var evaluation = await _factory.Ledger().EvaluateExitAsync(new EvaluateExitRequest { HouseholdId = h.HouseholdId });
        Assert.False(evaluation.Eligible);
        Assert.Equal(["medical"], evaluation.Conditions.Where(c => !c.Met).Select(c => c.Code));
    }

    [Fact]
    public async Task Every_failing_condition_is_named_and_explained()
    {
        var request = People.Family(); // 3,200 yuan, housing not assessed, nothing reported by the departments
        var h = await _factory.RegisteredAsync(request);

        var evaluation = await _factory.Ledger().EvaluateExitAsync(new EvaluateExitRequest { HouseholdId = h.HouseholdId });
        Assert.Equal(["income", "education", "medical", "housing"], evaluation.Conditions.Where(c => !c.Met).Select(c => c.Code));
        Assert.Contains("not above the line", evaluation.Conditions[0].Explanation);
        Assert.Contains("has not reported", evaluation.Conditions[1].Explanation);
        Assert.Contains("has not reported", evaluation.Conditions[2].Explanation);
        Assert.Contains("not been assessed", evaluation.Conditions[3].Explanation);

        var published = await PublishedAsync(h);
        Assert.Equal(["income", "education", "medical", "housing"], published.Conditions.Where(c => !c.Met).Select(c => c.Code));
    }

    [Fact]
    public async Task An_open_dropout_alert_fails_the_education_condition_even_with_the_guarantee_reported()
    {
        var h = await GuaranteedAsync(ReadyFamily());
        var id = Guid.Parse(h.HouseholdId);
        var child = Guid.Parse(h.Members[^1].PersonId);
        await _factory.DeliverAsync(new DropoutAlertRaised(id, child, "2026-autumn", DateTime.UtcNow));

        var evaluation = await _factory.Ledger().EvaluateExitAsync(new EvaluateExitRequest { HouseholdId = h.HouseholdId });
        var education = Assert.Single(evaluation.Conditions, c => c.Code == "education");
        Assert.False(education.Met);
        Assert.Contains("dropout", education.Explanation);

        Assert.False((await PublishedAsync(h)).Eligible);

        await _factory.DeliverAsync(new DropoutAlertCleared(id, child, "2026-autumn", DateTime.UtcNow));
        Assert.True((await _factory.Ledger().EvaluateExitAsync(new EvaluateExitRequest { HouseholdId = h.HouseholdId })).Eligible);
        Assert.True((await PublishedAsync(h)).Eligible);
    }

    [Fact]
    public async Task The_poverty_line_is_configuration_and_the_evaluation_answers_over_REST()
    {
        await using var higherLine = await LedgerFactory.CreateAsync(settings: new Dictionary<string, string?> { ["Exit:PovertyLineFen"] = "600000" });
        var h = await higherLine.RegisteredAsync(ReadyFamily());
        var evaluation = await higherLine.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/ledger/households/{h.HouseholdId}/exit-evaluation");
        Assert.False(evaluation.GetProperty("eligible").GetBoolean());
        var income = evaluation.GetProperty("conditions")[0];
        Assert.Equal("income", income.GetProperty("code").GetString());
        Assert.Contains("6000.00", income.GetProperty("explanation").GetString());

        var bad = await Assert.ThrowsAsync<RpcException>(() => _factory.Ledger().EvaluateExitAsync(new EvaluateExitRequest { HouseholdId = "x" }).ResponseAsync);
        Assert.Equal("household_id", Assert.Single(bad.FieldViolations()).Field);
        var missing = await Assert.ThrowsAsync<RpcException>(() => _factory.Ledger().EvaluateExitAsync(new EvaluateExitRequest { HouseholdId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
