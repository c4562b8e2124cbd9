using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;
using static Coordination.Households.Tests.LedgerKit;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Households.Tests;

/// <summary>返贫 warnings: a dropout and a disaster on a region raise monitoring flags with the reason.</summary>
public class WarningTests : IAsyncLifetime
{
    private HouseholdsFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await HouseholdsFactory.CreateAsync(settings: LifecycleTests.WithoutExitConditions);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private Task<Household> GetAsync(string id) => _factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id }).ResponseAsync;

    [Fact]
    public async Task A_dropout_flags_an_exited_household_as_unstable_with_the_member_and_term()
    {
        var h = await _factory.RegisteredAsync(People.Family());
        h = await _factory.Registry().ChangeHouseholdStatusAsync(new ChangeHouseholdStatusRequest
        {
            HouseholdId = h.HouseholdId, Version = h.Version, To = HouseholdStatus.Exited, ExitYear = DateTime.UtcNow.Year, Reason = "达标", ChangedBy = "县扶贫办",
        });
        var child = h.Members[^1].PersonId;
        await _factory.DeliverAsync(new DropoutAlertRaised(Guid.Parse(h.HouseholdId), Guid.Parse(child), "2026-autumn", DateTime.UtcNow));

        var flag = Assert.Single((await GetAsync(h.HouseholdId)).MonitoringFlags);
        Assert.Equal((MonitoringCategory.UnstableAfterExit, "education"), (flag.Category, flag.RaisedBy));
        Assert.Contains(child, flag.Reason);
        Assert.Contains("2026-autumn", flag.Reason);
        var raised = Assert.Single(await _factory.EventsWhereAsync<MonitoringFlagRaised>(e => e.HouseholdId == Guid.Parse(h.HouseholdId)));
        Assert.Equal(Vocabulary.MonitoringCategory.UnstableAfterExit, raised.Event.Category);
    }

    [Fact]
    public async Task A_disaster_on_a_region_flags_every_household_in_it_with_the_reason_and_no_other()
    {
        var inVillage = await _factory.RegisteredAsync(People.Family("520402101201"));
        var inTownship = await _factory.RegisteredAsync(People.Family("520402101202"));
        var identified = People.Family("520402101202");
        identified.Status = HouseholdStatus.Identified;
        var onlyIdentified = await _factory.RegisteredAsync(identified);
        var elsewhere = await _factory.RegisteredAsync(People.Family("520402102201"));

        var flagged = await _factory.Ledger().FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "520402101", Reason = "7月山洪", RaisedBy = "县应急局" });
        Assert.Equal(("520402101", 2), (flagged.RegionPrefix, flagged.HouseholdsFlagged));

        foreach (var h in new[] { inVillage, inTownship })
        {
            var flag = Assert.Single((await GetAsync(h.HouseholdId)).MonitoringFlags);
            Assert.Equal((MonitoringCategory.SuddenHardship, "县应急局"), (flag.Category, flag.RaisedBy));
            Assert.Equal("Disaster in region 520402101: 7月山洪", flag.Reason);
        }
        Assert.Empty((await GetAsync(onlyIdentified.HouseholdId)).MonitoringFlags);
        Assert.Empty((await GetAsync(elsewhere.HouseholdId)).MonitoringFlags);
        Assert.Equal(2, (await _factory.EventsAsync<MonitoringFlagRaised>()).Count);

        // Raised again, the flags already up stay as they are.
        var again = await _factory.Ledger().FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "5204", Reason = "余震", RaisedBy = "县应急局" });
        Assert.Equal(1, again.HouseholdsFlagged);
        Assert.Equal("Disaster in region 520402101: 7月山洪", Assert.Single((await GetAsync(inVillage.HouseholdId)).MonitoringFlags).Reason);
    }

    [Fact]
    public async Task A_disaster_flag_without_a_valid_region_reason_or_author_is_refused_with_every_field()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Ledger().FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "5204x" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["region_prefix", "reason", "raised_by"], error.FieldViolations().Select(v => v.Field));
    }
}
