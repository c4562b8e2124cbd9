using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.Ledger.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Ledger.Tests;

/// <summary>返贫 warnings: a dropout and a disaster on a region ask the registry for monitoring flags with the reason.</summary>
public class WarningTests : IAsyncLifetime
{
    private LedgerFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await LedgerFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>The flags the ledger asked the registry for (MonitoringFlagRequested); the registry raises them (Households.Tests).</summary>
    private async Task<List<MonitoringFlagRequested>> RequestedAsync(string householdId) =>
        [.. (await _factory.EventsWhereAsync<MonitoringFlagRequested>(e => e.HouseholdId == Guid.Parse(householdId))).Select(e => e.Event)];

    /// <summary>What the registry does with a request: raises the flag and announces it, which the ledger's directory keeps.</summary>
    private async Task RegistryRaisesAsync(string householdId)
    {
        foreach (var request in await RequestedAsync(householdId))
            await _factory.Registry().RaiseMonitoringFlagAsync(householdId, request.Category, request.Reason, request.RequestedBy);
    }

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

        var flag = Assert.Single(await RequestedAsync(h.HouseholdId));
        Assert.Equal((Vocabulary.MonitoringCategory.UnstableAfterExit, "education"), (flag.Category, flag.RequestedBy));
        Assert.Contains(child, flag.Reason);
        Assert.Contains("2026-autumn", flag.Reason);
    }

    [Fact]
    public async Task Declaring_and_clearing_a_disaster_are_audited_by_the_ledger_naming_the_caller_and_the_disaster()
    {
        var office = new TestCaller("county-emergency-office", [BuildingBlocks.Security.Roles.Coordinator]);
        var ledger = new V1.AidLedger.AidLedgerClient(_factory.Channel(office));
        var flagged = await ledger.FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "520402101", Reason = "7月山洪", RaisedBy = "县应急局" });
        await ledger.ClearRegionDisasterAsync(new ClearRegionDisasterRequest { DisasterId = flagged.DisasterId, ClearedBy = "县应急局" });

        var rows = await _factory.WithDbAsync(db => db.AuditRecords.AsNoTracking().Where(r => r.RecordId == flagged.DisasterId).ToListAsync());
        Assert.Equal(
            [("coordination.ledger.v1.AidLedger/ClearRegionDisaster", "modified"), ("coordination.ledger.v1.AidLedger/FlagRegionDisaster", "added")],
            rows.Select(r => (r.Method, r.Change)).Order());
        Assert.All(rows, r => Assert.Equal(office.ClientId, r.ClientId));
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
            var flag = Assert.Single(await RequestedAsync(h.HouseholdId));
            Assert.Equal((Vocabulary.MonitoringCategory.SuddenHardship, "县应急局"), (flag.Category, flag.RequestedBy));
            Assert.Equal("Disaster in region 520402101: 7月山洪", flag.Reason);
            await RegistryRaisesAsync(h.HouseholdId);
        }
        Assert.Empty(await RequestedAsync(onlyIdentified.HouseholdId));
        Assert.Empty(await RequestedAsync(elsewhere.HouseholdId));
        Assert.Equal(2, (await _factory.EventsAsync<MonitoringFlagRequested>()).Count);

        // Raised again, the flags already up stay as they are: only the household without one is asked for.
        var again = await _factory.Ledger().FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "5204", Reason = "余震", RaisedBy = "县应急局" });
        Assert.Equal(1, again.HouseholdsFlagged);
        Assert.Single(await RequestedAsync(inVillage.HouseholdId));
        Assert.Equal("Disaster in region 5204: 余震", Assert.Single(await RequestedAsync(elsewhere.HouseholdId)).Reason);
    }

    [Fact]
    public Task A_household_that_comes_into_a_region_under_a_standing_disaster_is_flagged_and_none_after_it_is_cleared() => ComesIntoADisasterAsync();

    [PostgresFact]
    public async Task A_household_that_comes_into_a_region_under_a_standing_disaster_is_flagged_and_none_after_it_is_cleared_on_PostgreSQL()
    {
        await _factory.DisposeAsync();
        _factory = await LedgerFactory.CreateAsync(DatabaseProvider.PostgreSql);
        await ComesIntoADisasterAsync();
    }

    private async Task ComesIntoADisasterAsync()
    {
        var disaster = await _factory.Ledger().FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "520402101", Reason = "7月山洪", RaisedBy = "县应急局" });
        Assert.Equal(0, disaster.HouseholdsFlagged);

        var registered = await _factory.RegisteredAsync(People.Family("520402101201"));
        var identified = People.Family("520402101202");
        identified.Status = HouseholdStatus.Identified;
        var laterRegistered = await _factory.RegisteredAsync(identified);
        var elsewhere = await _factory.RegisteredAsync(People.Family("520402102201"));
        Assert.Empty(await RequestedAsync(laterRegistered.HouseholdId));
        await _factory.Registry().ChangeHouseholdStatusAsync(new ChangeHouseholdStatusRequest
        {
            HouseholdId = laterRegistered.HouseholdId, Version = laterRegistered.Version, To = HouseholdStatus.Registered, Reason = "评议通过", ChangedBy = "村委会",
        });

        foreach (var h in new[] { registered, laterRegistered })
        {
            var flag = Assert.Single(await RequestedAsync(h.HouseholdId));
            Assert.Equal((Vocabulary.MonitoringCategory.SuddenHardship, "县应急局", "Disaster in region 520402101: 7月山洪"), (flag.Category, flag.RequestedBy, flag.Reason));
        }
        Assert.Empty(await RequestedAsync(elsewhere.HouseholdId));

        var cleared = await _factory.Ledger().ClearRegionDisasterAsync(new ClearRegionDisasterRequest { DisasterId = disaster.DisasterId, ClearedBy = "县应急局" });
        Assert.Equal(("县应急局", true), (cleared.ClearedBy, cleared.ClearedAt is not null));
        var afterwards = await _factory.RegisteredAsync(People.Family("520402101201"));
        Assert.Empty(await RequestedAsync(afterwards.HouseholdId));
    }

    [Fact]
    public async Task A_household_whose_disaster_flag_a_coordinator_cleared_does_not_get_it_back_when_its_status_changes()
    {
        await _factory.Ledger().FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "520402101", Reason = "7月山洪", RaisedBy = "县应急局" });
        var h = await _factory.RegisteredAsync(People.Family("520402101201"));
        await RegistryRaisesAsync(h.HouseholdId);
        await _factory.Registry().ClearMonitoringFlagAsync(h.HouseholdId, Vocabulary.MonitoringCategory.SuddenHardship, "房屋已修复");
        await _factory.Registry().ChangeHouseholdStatusAsync(new ChangeHouseholdStatusRequest
        {
            HouseholdId = h.HouseholdId, Version = h.Version, To = HouseholdStatus.Exited, ExitYear = DateTime.UtcNow.Year, Reason = "达标", ChangedBy = "县扶贫办",
        });

        Assert.Single(await RequestedAsync(h.HouseholdId));
    }

    [Fact]
    public async Task A_region_lists_the_disasters_declared_on_it_within_it_and_around_it_newest_first_and_cleared_ones_on_request()
    {
        async Task<string> DeclareAsync(string prefix) =>
            (await _factory.Ledger().FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = prefix, Reason = "灾情 " + prefix, RaisedBy = "县应急局" })).DisasterId;
        var around = await DeclareAsync("5204");
        var on = await DeclareAsync("520402101");
        var within = await DeclareAsync("520402101201");
        await DeclareAsync("5203");
        await DeclareAsync("520402102");
        await _factory.Ledger().ClearRegionDisasterAsync(new ClearRegionDisasterRequest { DisasterId = around, ClearedBy = "县应急局" });

        var standing = await _factory.Ledger().ListRegionDisastersAsync(new ListRegionDisastersRequest { RegionPrefix = "520402101" });
        Assert.Equal([within, on], standing.Disasters.Select(d => d.DisasterId));
        Assert.Equal(("520402101", "灾情 520402101", "县应急局", ""), standing.Disasters[1] is var d ? (d.RegionPrefix, d.Reason, d.RaisedBy, d.ClearedBy) : default);
        var all = await _factory.Ledger().ListRegionDisastersAsync(new ListRegionDisastersRequest { RegionPrefix = "520402101", IncludeCleared = true });
        Assert.Equal([within, on, around], all.Disasters.Select(d => d.DisasterId));
        Assert.NotNull(all.Disasters[2].ClearedAt);
    }

    [Fact]
    public async Task Clearing_a_disaster_without_an_id_or_author_is_refused_with_both_fields_an_unknown_one_is_not_found_and_a_cleared_one_is_not_cleared_twice()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Ledger().ClearRegionDisasterAsync(new ClearRegionDisasterRequest { DisasterId = "flood" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["disaster_id", "cleared_by"], error.FieldViolations().Select(v => v.Field));
        error = await Assert.ThrowsAsync<RpcException>(() => _factory.Ledger().ClearRegionDisasterAsync(new ClearRegionDisasterRequest { DisasterId = Guid.NewGuid().ToString(), ClearedBy = "县应急局" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);

        var disaster = await _factory.Ledger().FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "520402101", Reason = "7月山洪", RaisedBy = "县应急局" });
        await _factory.Ledger().ClearRegionDisasterAsync(new ClearRegionDisasterRequest { DisasterId = disaster.DisasterId, ClearedBy = "县应急局" });
        error = await Assert.ThrowsAsync<RpcException>(() => _factory.Ledger().ClearRegionDisasterAsync(new ClearRegionDisasterRequest { DisasterId = disaster.DisasterId, ClearedBy = "市应急局" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var listed = Assert.Single((await _factory.Ledger().ListRegionDisastersAsync(new ListRegionDisastersRequest { RegionPrefix = "52", IncludeCleared = true })).Disasters);
        Assert.Equal("县应急局", listed.ClearedBy);
    }

    [Fact]
    public async Task A_disaster_flag_without_a_valid_region_reason_or_author_is_refused_with_every_field()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Ledger().FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "5204x" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["region_prefix", "reason", "raised_by"], error.FieldViolations().Select(v => v.Field));
    }
}
