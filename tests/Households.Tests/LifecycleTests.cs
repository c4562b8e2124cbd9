using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Google.Rpc;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Households.Tests;

public class LifecycleTests : IAsyncLifetime
{
    private HouseholdsFactory _factory = null!;

    // The lifecycle's steps apart from the ledger's exit conditions (如何退), which ExitTests cover.
    public static readonly Dictionary<string, string?> WithoutExitConditions = new() { ["Exit:Enforce"] = "false" };

    public async Task InitializeAsync() => _factory = await HouseholdsFactory.CreateAsync(settings: WithoutExitConditions);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static readonly int ThisYear = DateTime.UtcNow.Year;

    private Task<Household> RegisterAsync(HouseholdStatus status = HouseholdStatus.Registered)
    {
        var request = People.Family();
        request.Status = status;
        return _factory.Registry().RegisterHouseholdAsync(request).ResponseAsync;
    }

    private Task<Household> MoveAsync(Household h, HouseholdStatus to, string by = "县扶贫办 张三") =>
        _factory.Registry().ChangeHouseholdStatusAsync(new ChangeHouseholdStatusRequest
        {
            HouseholdId = h.HouseholdId, Version = h.Version, To = to,
            ExitYear = to == HouseholdStatus.Exited ? ThisYear : 0,
            Reason = $"to {to}", ChangedBy = by,
        }).ResponseAsync;

    /// <summary>A household brought to the given status along the allowed path.</summary>
    private async Task<Household> InStatusAsync(HouseholdStatus status)
    {
        if (status == HouseholdStatus.Identified) return await RegisterAsync(HouseholdStatus.Identified);
        var h = await RegisterAsync();
        if (status == HouseholdStatus.Registered) return h;
        h = await MoveAsync(h, HouseholdStatus.Exited);
        if (status == HouseholdStatus.Exited) return h;
        return await MoveAsync(h, HouseholdStatus.ReturnedToPoverty);
    }

    [Fact]
    public async Task A_household_goes_identified_registered_exited_returned_and_registered_again_with_history_and_events()
    {
        var h = await RegisterAsync(HouseholdStatus.Identified);
        Assert.Equal(HouseholdStatus.Identified, h.Status);

        h = await MoveAsync(h, HouseholdStatus.Registered, "村第一书记 李四");
        h = await MoveAsync(h, HouseholdStatus.Exited);
        Assert.Equal(ThisYear, h.ExitYear);
        h = await MoveAsync(h, HouseholdStatus.ReturnedToPoverty);
        h = await MoveAsync(h, HouseholdStatus.Registered);

        Assert.Equal(HouseholdStatus.Registered, h.Status);
        Assert.Equal(5, h.Version);
        Assert.Equal(ThisYear, h.ExitYear); // the last exit stays on record
        var history = await _factory.Registry().GetHouseholdHistoryAsync(new GetHouseholdHistoryRequest { HouseholdId = h.HouseholdId });
        Assert.Equal(
            [(HouseholdStatus.Identified, HouseholdStatus.Registered), (HouseholdStatus.Registered, HouseholdStatus.Exited),
             (HouseholdStatus.Exited, HouseholdStatus.ReturnedToPoverty), (HouseholdStatus.ReturnedToPoverty, HouseholdStatus.Registered)],
            history.Entries.Select(e => (e.From, e.To)));
        Assert.All(history.Entries, e => Assert.Equal(HistoryEntryKind.StatusChanged, e.Kind));
        Assert.Equal("村第一书记 李四", history.Entries[0].By);
        Assert.Equal("to Exited", history.Entries[1].Reason);
        Assert.Equal(ThisYear, history.Entries[1].ExitYear);
        Assert.Equal([2L, 3, 4, 5], history.Entries.Select(e => e.Version));

        var events = await _factory.EventsAsync<HouseholdStatusChanged>();
        Assert.Equal([2L, 3, 4, 5], events.Select(e => e.Event.Version));
        Assert.Equal(Vocabulary.HouseholdStatus.Exited, events[1].Event.To);
        Assert.Equal(ThisYear, events[1].Event.ExitYear);
        Assert.Equal("村第一书记 李四", events[0].Event.ChangedBy);
    }

    public static TheoryData<HouseholdStatus, HouseholdStatus> ForbiddenTransitions => new()
    {
        { HouseholdStatus.Identified, HouseholdStatus.Exited },
        { HouseholdStatus.Identified, HouseholdStatus.ReturnedToPoverty },
        { HouseholdStatus.Identified, HouseholdStatus.Identified },
        { HouseholdStatus.Registered, HouseholdStatus.Registered },
        { HouseholdStatus.Registered, HouseholdStatus.ReturnedToPoverty },
        { HouseholdStatus.Registered, HouseholdStatus.Identified },
        { HouseholdStatus.Exited, HouseholdStatus.Registered },
        { HouseholdStatus.Exited, HouseholdStatus.Exited },
        { HouseholdStatus.Exited, HouseholdStatus.Identified },
        { HouseholdStatus.ReturnedToPoverty, HouseholdStatus.Exited },
        { HouseholdStatus.ReturnedToPoverty, HouseholdStatus.ReturnedToPoverty },
        { HouseholdStatus.ReturnedToPoverty, HouseholdStatus.Identified },
    };

    [Theory]
    [MemberData(nameof(ForbiddenTransitions))]
    public async Task A_forbidden_transition_is_FailedPrecondition_and_changes_nothing(HouseholdStatus from, HouseholdStatus to)
    {
        var h = await InStatusAsync(from);
        var eventsBefore = (await _factory.EventsAsync<HouseholdStatusChanged>()).Count;

        var error = await Assert.ThrowsAsync<RpcException>(() => MoveAsync(h, to));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("household.status-transition", error.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations.Single().Type);
        var read = await _factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = h.HouseholdId });
        Assert.Equal((from, h.Version), (read.Status, read.Version));
        Assert.Equal(eventsBefore, (await _factory.EventsAsync<HouseholdStatusChanged>()).Count);
    }

    public static TheoryData<string, string> InvalidChanges => new()
    {
        { "exit without a year", "exit_year" },
        { "exit in the future", "exit_year" },
        { "a year without an exit", "exit_year" },
        { "no reason", "reason" },
        { "nobody", "changed_by" },
        { "no status", "to" },
    };

    [Theory]
    [MemberData(nameof(InvalidChanges))]
    public async Task An_invalid_status_change_is_InvalidArgument_naming_the_field(string mistake, string field)
    {
        var h = await RegisterAsync();
        var request = new ChangeHouseholdStatusRequest
        {
            HouseholdId = h.HouseholdId, Version = h.Version, To = HouseholdStatus.Exited, ExitYear = ThisYear, Reason = "收入达标", ChangedBy = "张三",
        };
        switch (mistake)
        {
            case "exit without a year": request.ExitYear = 0; break;
            case "exit in the future": request.ExitYear = ThisYear + 1; break;
            case "a year without an exit": request.To = HouseholdStatus.ReturnedToPoverty; break;
            case "no reason": request.Reason = " "; break;
            case "nobody": request.ChangedBy = ""; break;
            case "no status": request.To = HouseholdStatus.Unspecified; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().ChangeHouseholdStatusAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), v => v.Field == field);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.History.CountAsync()));
    }

    [Fact]
    public async Task A_status_change_on_a_stale_version_is_Aborted()
    {
        var h = await RegisterAsync();
        await _factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest { HouseholdId = h.HouseholdId, Version = h.Version, IncomePerCapitaFen = 500_000 });

        var error = await Assert.ThrowsAsync<RpcException>(() => MoveAsync(h, HouseholdStatus.Exited));

        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal(HouseholdStatus.Registered, (await _factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = h.HouseholdId })).Status);
    }

    [Fact]
    public async Task A_household_cannot_be_filed_as_exited()
    {
        var request = People.Family();
        request.Status = HouseholdStatus.Exited;
        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().RegisterHouseholdAsync(request).ResponseAsync);
        Assert.Contains(error.FieldViolations(), v => v.Field == "status");
    }

    [Fact]
    public async Task Monitoring_flags_are_raised_and_cleared_with_reasons_history_and_events()
    {
        var h = await InStatusAsync(HouseholdStatus.Exited);
        var registry = _factory.Registry();

        var raised = await registry.RaiseMonitoringFlagAsync(new RaiseMonitoringFlagRequest
        {
            HouseholdId = h.HouseholdId, Category = MonitoringCategory.UnstableAfterExit, Reason = "务工收入不稳定", RaisedBy = "帮扶责任人 王五",
        });
        var flag = Assert.Single(raised.MonitoringFlags);
        Assert.Equal((MonitoringCategory.UnstableAfterExit, "务工收入不稳定", "帮扶责任人 王五"), (flag.Category, flag.Reason, flag.RaisedBy));

        var again = await Assert.ThrowsAsync<RpcException>(() => registry.RaiseMonitoringFlagAsync(new RaiseMonitoringFlagRequest
        {
            HouseholdId = h.HouseholdId, Category = MonitoringCategory.UnstableAfterExit, Reason = "again", RaisedBy = "王五",
        }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);

        var cleared = await registry.ClearMonitoringFlagAsync(new ClearMonitoringFlagRequest
        {
            HouseholdId = h.HouseholdId, Category = MonitoringCategory.UnstableAfterExit, Reason = "稳定就业半年", ClearedBy = "王五",
        });
        Assert.Empty(cleared.MonitoringFlags);
        var clearTwice = await Assert.ThrowsAsync<RpcException>(() => registry.ClearMonitoringFlagAsync(new ClearMonitoringFlagRequest
        {
            HouseholdId = h.HouseholdId, Category = MonitoringCategory.UnstableAfterExit, Reason = "x", ClearedBy = "王五",
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, clearTwice.StatusCode);

        // Raised again in place after a clear.
        var reraised = await registry.RaiseMonitoringFlagAsync(new RaiseMonitoringFlagRequest
        {
            HouseholdId = h.HouseholdId, Category = MonitoringCategory.UnstableAfterExit, Reason = "再次失业", RaisedBy = "王五",
        });
        Assert.Equal("再次失业", Assert.Single(reraised.MonitoringFlags).Reason);

        var history = await registry.GetHouseholdHistoryAsync(new GetHouseholdHistoryRequest { HouseholdId = h.HouseholdId });
        Assert.Equal(
            [HistoryEntryKind.StatusChanged, HistoryEntryKind.MonitoringFlagRaised, HistoryEntryKind.MonitoringFlagCleared, HistoryEntryKind.MonitoringFlagRaised],
            history.Entries.Select(e => e.Kind));
        Assert.Equal("稳定就业半年", history.Entries[2].Reason);
        Assert.Equal(2, (await _factory.EventsAsync<MonitoringFlagRaised>()).Count);
        var clearedEvent = Assert.Single(await _factory.EventsAsync<MonitoringFlagCleared>()).Event;
        Assert.Equal((Vocabulary.MonitoringCategory.UnstableAfterExit, "稳定就业半年"), (clearedEvent.Category, clearedEvent.Reason));
    }

    [Theory]
    [InlineData(HouseholdStatus.Registered)]
    [InlineData(HouseholdStatus.ReturnedToPoverty)]
    public async Task A_household_in_poverty_can_be_flagged_at_risk(HouseholdStatus status)
    {
        // 返贫 warnings (a large medical bill, a dropout) flag registered households too.
        var h = await InStatusAsync(status);
        var raised = await _factory.Registry().RaiseMonitoringFlagAsync(new RaiseMonitoringFlagRequest
        {
            HouseholdId = h.HouseholdId, Category = MonitoringCategory.SuddenHardship, Reason = "重病", RaisedBy = "乡",
        });
        Assert.Equal(MonitoringCategory.SuddenHardship, Assert.Single(raised.MonitoringFlags).Category);
        Assert.Equal(status, raised.Status);
    }

    [Fact]
    public async Task A_marginal_household_can_be_flagged_while_identified()
    {
        var h = await InStatusAsync(HouseholdStatus.Identified);
        var raised = await _factory.Registry().RaiseMonitoringFlagAsync(new RaiseMonitoringFlagRequest
        {
            HouseholdId = h.HouseholdId, Category = MonitoringCategory.Marginal, Reason = "收入略高于贫困线", RaisedBy = "村委",
        });
        Assert.Equal(MonitoringCategory.Marginal, Assert.Single(raised.MonitoringFlags).Category);
    }

    [Fact]
    public async Task A_flag_request_without_category_reason_or_who_is_InvalidArgument()
    {
        var h = await InStatusAsync(HouseholdStatus.Exited);
        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().RaiseMonitoringFlagAsync(
            new RaiseMonitoringFlagRequest { HouseholdId = h.HouseholdId }).ResponseAsync);
        Assert.Equal(["category", "reason", "raised_by"], error.FieldViolations().Select(v => v.Field));
    }
}

[Collection(HouseholdsOnRabbitMq.Name)]
public class LifecycleOverRabbitMqTests
{
    [RabbitMqFact]
    public async Task A_requested_flag_is_raised_once_on_an_exited_household_and_events_reach_the_bus()
    {
        await using var statusProbe = await EventProbe<HouseholdStatusChanged>.StartAsync();
        await using var flagProbe = await EventProbe<MonitoringFlagRaised>.StartAsync();
        await using var factory = await HouseholdsFactory.CreateOnRabbitMqAsync(LifecycleTests.WithoutExitConditions);
        var registry = factory.Registry();
        var h = await registry.RegisterHouseholdAsync(People.Family());
        h = await registry.ChangeHouseholdStatusAsync(new ChangeHouseholdStatusRequest
        {
            HouseholdId = h.HouseholdId, Version = h.Version, To = HouseholdStatus.Exited, ExitYear = DateTime.UtcNow.Year, Reason = "两不愁三保障达标", ChangedBy = "县扶贫办",
        });
        var householdId = Guid.Parse(h.HouseholdId);
        var status = await statusProbe.WaitForAsync(e => e.HouseholdId == householdId, TimeSpan.FromSeconds(20));
        Assert.Equal((2L, Vocabulary.HouseholdStatus.Exited), (status.Message.Version, status.Message.To));

        // The ledger's 返贫 warning for a large medical expense, published as the ledger does.
        var request = new MonitoringFlagRequested(householdId, Vocabulary.MonitoringCategory.SuddenHardship,
            "Large medical expense: 23456.00 yuan out of pocket of 80000.00", "medical", DateTime.UtcNow);
        var messageIds = new[] { Guid.NewGuid(), Guid.NewGuid() };
        await PublishAsync(request, messageIds[0]);
        await PublishAsync(request, messageIds[1]); // a second, distinct message for the same flag raises nothing more

        var raised = await flagProbe.WaitForAsync(e => e.HouseholdId == householdId, TimeSpan.FromSeconds(20));
        Assert.Equal(Vocabulary.MonitoringCategory.SuddenHardship, raised.Message.Category);
        Assert.Contains("23456.00", raised.Message.Reason);
        var read = await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = h.HouseholdId });
        var flag = Assert.Single(read.MonitoringFlags);
        Assert.Equal((MonitoringCategory.SuddenHardship, "medical"), (flag.Category, flag.RaisedBy));
        await Eventually.TrueAsync(() => factory.WithDbAsync(db => db.InboxMessages.CountAsync(m => messageIds.Contains(m.MessageId) && m.Consumer == "households-monitoring-flag-requested").ContinueWith(t => t.Result == 2)),
            TimeSpan.FromSeconds(20), "both messages consumed");
        Assert.Single(flagProbe.Received, e => e.Message.HouseholdId == householdId);
    }

    private static async Task PublishAsync<T>(T message, Guid messageId) where T : class
    {
        var uri = TestEnvironment.RabbitMq!;
        var settings = TestEnvironment.RabbitMqSettings();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(uri.Host, (ushort)uri.Port, settings["Messaging:RabbitMq:VirtualHost"], h =>
        {
            h.Username(settings["Messaging:RabbitMq:Username"]!);
            h.Password(settings["Messaging:RabbitMq:Password"]!);
        }));
        await bus.StartAsync();
        try { await bus.Publish(message, context => context.MessageId = messageId); }
        finally { await bus.StopAsync(); }
    }
}
