using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

public class OutboxTests
{
    private static HouseholdRegistered SomeEvent() => new(
        Guid.NewGuid(), "520402101201AB12CD34", "520402101201", HouseholdStatus.Registered,
        [PovertyCause.Illness], 250_000, [], DateTime.UtcNow);

    [Fact]
    public async Task The_outbox_row_commits_and_rolls_back_with_the_state_change()
    {
        var cs = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "outbox-tx");
        await using var db = await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, cs);

        await using (var rolledBack = await db.Database.BeginTransactionAsync())
        {
            db.Notes.Add(new Note { Id = Guid.NewGuid(), Text = "rolled back" });
            db.AddIntegrationEvent(SomeEvent());
            await db.SaveChangesAsync();
            await rolledBack.RollbackAsync();
        }
        db.ChangeTracker.Clear();
        Assert.Equal(0, await db.Notes.CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());

        // A save that fails (duplicate key) stores neither the state nor the event.
        var id = Guid.NewGuid();
        db.Notes.Add(new Note { Id = id, Text = "kept" });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        db.Notes.Add(new Note { Id = id, Text = "duplicate" });
        db.AddIntegrationEvent(SomeEvent());
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        Assert.Equal(1, await db.Notes.CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());

        db.Notes.Add(new Note { Id = Guid.NewGuid(), Text = "committed" });
        db.AddIntegrationEvent(SomeEvent());
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        Assert.Equal(2, await db.Notes.CountAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.SentAt == null));
    }

    [Fact]
    public async Task Rows_left_by_a_process_that_died_are_published_when_the_service_starts_again()
    {
        var cs = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "outbox-restart");
        var events = Enumerable.Range(0, 5).Select(_ => SomeEvent()).ToList();
        await using (var db = await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, cs))
        {
            // Committed, then the process "crashed": no relay ever ran.
            foreach (var e in events) db.AddIntegrationEvent(e);
            await db.SaveChangesAsync();
        }

        using var host = MessagingHost.Build(DatabaseProvider.Sqlite, cs, "restart", testHarness: true);
        await host.StartAsync();
        var harness = host.Services.GetRequiredService<ITestHarness>();
        try
        {
            await using var db = PersistenceExtensions.CreateContext<TestDbContext>(DatabaseProvider.Sqlite, cs);
            var rows = await db.OutboxMessages.AsNoTracking().ToListAsync();
            await Eventually.TrueAsync(async () => await db.OutboxMessages.CountAsync(m => m.SentAt == null) == 0,
                TimeSpan.FromSeconds(10), "the relay to mark every row sent");

            var published = harness.Published.Select<HouseholdRegistered>().ToList();
            Assert.Equal(events.Select(e => e.HouseholdId).Order(), published.Select(p => p.Context.Message.HouseholdId).Order());
            // The message id is the row id, so consumers' inboxes recognise a republished row.
            Assert.Equal(rows.Select(r => r.Id).Order(), published.Select(p => p.Context.MessageId!.Value).Order());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// A host whose relay has started, over an empty outbox. Its sweep runs once at start and then not
    /// for an hour: whatever it publishes after that came through the in-memory handover.
    /// </summary>
    private static async Task<(string ConnectionString, IHost Host)> StartRelayAsync(string name)
    {
        var cs = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "outbox-" + name);
        await using (var db = await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, cs)) { }
        var host = MessagingHost.Build(DatabaseProvider.Sqlite, cs, name, testHarness: true,
            settings: new() { ["Messaging:Transport"] = "InMemory", ["Messaging:Outbox:PollInterval"] = "01:00:00" });
        await host.StartAsync();
        await Eventually.TrueAsync(() => Task.FromResult(host.Services.GetRequiredService<OutboxSignal>().Handover is not null),
            TimeSpan.FromSeconds(10), "the relay to start");
        return (cs, host);
    }

    [Fact]
    public async Task A_row_committed_in_this_process_is_published_by_its_relay_and_marked_sent()
    {
        var (cs, host) = await StartRelayAsync("handover");
        var harness = host.Services.GetRequiredService<ITestHarness>();
        try
        {
            Guid committed;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
                db.AddIntegrationEvent(SomeEvent());
                committed = db.OutboxMessages.Local.Single().Id;
                await db.SaveChangesAsync();
            }

            await using var check = PersistenceExtensions.CreateContext<TestDbContext>(DatabaseProvider.Sqlite, cs);
            await Eventually.TrueAsync(async () => await check.OutboxMessages.AnyAsync(m => m.Id == committed && m.SentAt != null),
                TimeSpan.FromSeconds(10), "the relay to mark the row sent");
            Assert.Equal([committed], harness.Published.Select<HouseholdRegistered>().Select(p => p.Context.MessageId!.Value));
            var row = await check.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == committed);
            Assert.Null(row.ClaimToken);
            Assert.Null(row.LockedUntil);
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    [Theory]
    [InlineData("rolled back", true)]
    [InlineData("rolled back", false)]
    [InlineData("left without a commit", true)]
    [InlineData("left without a commit", false)]
    [InlineData("cleared before saving", true)]
    [InlineData("cleared before saving", false)]
    public async Task Only_committed_rows_are_handed_over(string fate, bool thenInATransaction)
    {
        var (cs, host) = await StartRelayAsync("handover-fate");
        var harness = host.Services.GetRequiredService<ITestHarness>();
        try
        {
            Guid committed;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
                switch (fate)
                {
                    case "rolled back":
                        await using (var transaction = await db.Database.BeginTransactionAsync())
                        {
                            db.AddIntegrationEvent(SomeEvent());
                            await db.SaveChangesAsync();
                            await transaction.RollbackAsync();
                        }
                        break;
                    case "left without a commit":
                        await using (var transaction = await db.Database.BeginTransactionAsync())
                        {
                            db.AddIntegrationEvent(SomeEvent());
                            await db.SaveChangesAsync();
                        }
                        break;
                    default:
                        db.AddIntegrationEvent(SomeEvent());
                        db.ChangeTracker.Clear();
                        break;
                }
                db.ChangeTracker.Clear();
                // Then a row that does commit, through the same context: in a transaction of its own, or
                // alone (EF then writes the single INSERT without a transaction).
                db.AddIntegrationEvent(SomeEvent());
                committed = db.OutboxMessages.Local.Single().Id;
                if (thenInATransaction)
                {
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    await db.SaveChangesAsync();
                    await transaction.CommitAsync();
                }
                else await db.SaveChangesAsync();
            }

            await using var check = PersistenceExtensions.CreateContext<TestDbContext>(DatabaseProvider.Sqlite, cs);
            await Eventually.TrueAsync(async () => await check.OutboxMessages.AnyAsync(m => m.Id == committed && m.SentAt != null),
                TimeSpan.FromSeconds(10), "the relay to mark the committed row sent");
            // Rows are handed over in commit order, so anything wrongly handed over would have been published first.
            Assert.Equal([committed], harness.Published.Select<HouseholdRegistered>().Select(p => p.Context.MessageId!.Value));
            Assert.Equal(1, await check.OutboxMessages.CountAsync());
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    [Fact]
    public Task Two_relays_over_one_SQLite_database_publish_each_row_once() => TwoRelaysPublishEachRowOnce(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Two_relays_over_one_PostgreSQL_database_publish_each_row_once() => TwoRelaysPublishEachRowOnce(DatabaseProvider.PostgreSql);

    private static async Task TwoRelaysPublishEachRowOnce(DatabaseProvider provider)
    {
        const int count = 300;
        var cs = await TestEnvironment.CreateDatabaseAsync(provider, "outbox-relays");
        await using (var db = await TestDbContext.CreateAsync(provider, cs))
        {
            for (var i = 0; i < count; i++) db.AddIntegrationEvent(SomeEvent());
            await db.SaveChangesAsync();
        }

        // Relays are driven by hand (not as hosted services) so both sweep the same rows at once.
        using var host = MessagingHost.Build(provider, cs, "relays", testHarness: true,
            settings: new() { ["Messaging:Transport"] = "InMemory", ["Messaging:Outbox:Enabled"] = "false" });
        await host.StartAsync();
        try
        {
            var harness = host.Services.GetRequiredService<ITestHarness>();
            var options = Options.Create(new OutboxOptions { BatchSize = 25 });
            OutboxRelay NewRelay() => new(host.Services.GetRequiredService<IServiceScopeFactory>(), host.Services.GetRequiredService<IBus>(),
                new OutboxSignal(), options, TimeProvider.System, NullLogger<OutboxRelay>.Instance);

            var relays = new[] { NewRelay(), NewRelay() };
            await Task.WhenAll(relays.Select(relay => Task.Run(async () =>
            {
                while (await relay.RelayBatchAsync(CancellationToken.None) > 0) { }
            })));

            await using var db = PersistenceExtensions.CreateContext<TestDbContext>(provider, cs);
            Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.SentAt == null));
            var ids = harness.Published.Select<HouseholdRegistered>().Select(p => p.Context.MessageId!.Value).ToList();
            Assert.Equal(count, ids.Count);
            Assert.Equal(count, ids.Distinct().Count());
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
