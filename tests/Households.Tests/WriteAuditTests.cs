using Coordination.BuildingBlocks.Security;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Households.Tests;

/// <summary>
/// Acceptance 5 (audit): the registry audits every write itself, in the write's own transaction,
/// naming the caller, the method and each record; a write whose audit row cannot be written is not made.
/// </summary>
public sealed class WriteAuditTests : IAsyncLifetime
{
    private const string Register = "coordination.households.v1.HouseholdRegistry/RegisterHousehold";
    private static readonly TestCaller Official = new("county-office-7", [Roles.Coordinator]);
    private HouseholdsFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await HouseholdsFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private HouseholdRegistry.HouseholdRegistryClient Registry(TestCaller caller) => new(_factory.Channel(caller));

    [Fact]
    public async Task A_write_leaves_a_row_per_record_naming_the_caller_the_method_and_the_record()
    {
        var household = await Registry(Official).RegisterHouseholdAsync(People.Family());
        await Registry(Official).RaiseMonitoringFlagAsync(new RaiseMonitoringFlagRequest
        {
            HouseholdId = household.HouseholdId, Category = MonitoringCategory.SuddenHardship, Reason = "房屋倒塌", RaisedBy = "村委会 李四",
        });

        var rows = await _factory.WithDbAsync(db => db.AuditRecords.AsNoTracking().ToListAsync());
        Assert.All(rows, r => Assert.Equal((Official.ClientId, Official.ClientId), (r.ClientId, r.Subject)));
        var registered = rows.Where(r => r.Method == Register).ToList();
        Assert.Contains(registered, r => (r.RecordType, r.RecordId, r.Change) == ("Household", household.HouseholdId, "added"));
        Assert.Equal(household.Members.Select(m => m.PersonId).Order(),
            registered.Where(r => r.RecordType == "Member").Select(r => r.RecordId).Order());
        Assert.Equal([("HouseholdHistoryEntry", "added"), ("MonitoringFlag", "added")],
            rows.Where(r => r.Method == "coordination.households.v1.HouseholdRegistry/RaiseMonitoringFlag").Select(r => (r.RecordType, r.Change)).Order());
        // The audit names records; it never holds what they say.
        var names = household.Members.Select(m => m.Name);
        Assert.DoesNotContain(rows, r => names.Any(n => r.RecordId.Contains(n, StringComparison.Ordinal)));
        // A read changes nothing and leaves nothing.
        var before = rows.Count;
        await Registry(Official).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = household.HouseholdId });
        Assert.Equal(before, await _factory.WithDbAsync(db => db.AuditRecords.CountAsync()));
    }

    [Fact]
    public async Task A_write_whose_audit_row_cannot_be_written_is_rolled_back()
    {
        await _factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER audit_down BEFORE INSERT ON AuditRecords BEGIN SELECT RAISE(ABORT, 'the audit is unavailable'); END;"));

        var failed = await Assert.ThrowsAsync<RpcException>(() => Registry(Official).RegisterHouseholdAsync(People.Family()).ResponseAsync);

        Assert.Equal(StatusCode.Internal, failed.StatusCode); // our fault, not the caller's
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Households.CountAsync()));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Members.CountAsync()));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.OutboxMessages.CountAsync()));

        // With the audit back, the same write goes through, audited.
        await _factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_down;"));
        var household = await Registry(Official).RegisterHouseholdAsync(People.Family());
        Assert.True(await _factory.WithDbAsync(db => db.AuditRecords.AnyAsync(r => r.RecordId == household.HouseholdId && r.Method == Register)));
    }

    [Fact]
    public async Task An_import_audits_each_household_and_member_it_stores()
    {
        var progress = await Imports.RunAsync(Registry(Official), [People.Family(), People.Family("530102001001")]);
        Assert.Equal(2, progress[^1].Stored);

        var rows = await _factory.WithDbAsync(db => db.AuditRecords.AsNoTracking().Where(r => r.Method == "coordination.households.v1.HouseholdRegistry/ImportHouseholds").ToListAsync());
        var households = await _factory.WithDbAsync(db => db.Households.Select(h => h.Id).ToListAsync());
        var members = await _factory.WithDbAsync(db => db.Members.Select(m => m.Id).ToListAsync());
        Assert.Equal(households.Order(), rows.Where(r => r.RecordType == "Household").Select(r => Guid.Parse(r.RecordId)).Order());
        Assert.Equal(members.Order(), rows.Where(r => r.RecordType == "Member").Select(r => Guid.Parse(r.RecordId)).Order());
        Assert.All(rows, r => Assert.Equal((Official.ClientId, "added"), (r.ClientId, r.Change)));
    }
}
