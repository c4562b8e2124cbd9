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
using Microsoft.Extensions.Options;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

public class RetentionTests
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static HouseholdRegistered SomeEvent() => new(
        Guid.NewGuid(), "520402101201AB12CD34", "520402101201", HouseholdStatus.Registered,
        [PovertyCause.Illness], 250_000, [], DateTime.UtcNow);

    /// <summary>In-memory bus, no relay, no sweep of its own: the test sweeps when it has moved the clock.</summary>
    private static Dictionary<string, string?> Settings(int batchSize = 1000) => new()
    {
        ["Messaging:Transport"] = "InMemory",
        ["Messaging:Outbox:Enabled"] = "false",
        ["Messaging:Retention:Enabled"] = "false",
        ["Messaging:Retention:OutboxRetention"] = Week.ToString(),
        ["Messaging:Retention:InboxRetention"] = Week.ToString(),
        ["Messaging:Retention:BatchSize"] = batchSize.ToString(),
    };

    private static async Task<List<Guid>> AddOutboxRowsAsync(TestDbContext db, int count)
    {
        for (var i = 0; i < count; i++) db.AddIntegrationEvent(SomeEvent());
        var ids = db.OutboxMessages.Local.Select(m => m.Id).ToList();
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return ids;
    }

    private static Task MarkSentAsync(TestDbContext db, List<Guid> ids, DateTime sentAt) =>
        db.OutboxMessages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, sentAt));

    private static async Task<List<Guid>> AddInboxRowsAsync(TestDbContext db, int count, DateTime processedAt)
    {
        var rows = Enumerable.Range(0, count).Select(_ => new InboxMessage { MessageId = Guid.NewGuid(), Consumer = "retention-counting", ProcessedAt = processedAt }).ToList();
        db.InboxMessages.AddRange(rows);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return [.. rows.Select(r => r.MessageId)];
    }

    [Fact]
    public Task Rows_past_their_retention_are_deleted_in_batches_and_newer_and_unsent_rows_stay_on_SQLite() =>
        RowsPastTheirRetentionAreDeleted(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Rows_past_their_retention_are_deleted_in_batches_and_newer_and_unsent_rows_stay_on_PostgreSQL() =>
        RowsPastTheirRetentionAreDeleted(DatabaseProvider.PostgreSql);

    private static async Task RowsPastTheirRetentionAreDeleted(DatabaseProvider provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var now = clock.GetUtcNow().UtcDateTime;
        var cs = await TestEnvironment.CreateDatabaseAsync(provider, "retention");
        List<Guid> oldSent, newSent, oldUnsent, oldInbox, newInbox;
        await using (var db = await TestDbContext.CreateAsync(provider, cs))
        {
            oldSent = await AddOutboxRowsAsync(db, 5);
            await MarkSentAsync(db, oldSent, now - Week - TimeSpan.FromMinutes(1));
            newSent = await AddOutboxRowsAsync(db, 2);
            await MarkSentAsync(db, newSent, now - Week + TimeSpan.FromMinutes(1));
            // Never published, for a year: the relay still owes these events.
            oldUnsent = await AddOutboxRowsAsync(db, 2);
            var yearAgo = now - TimeSpan.FromDays(365);
            await db.OutboxMessages.Where(m => oldUnsent.Contains(m.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, yearAgo).SetProperty(m => m.NextAttemptAt, yearAgo));
            oldInbox = await AddInboxRowsAsync(db, 5, now - Week - TimeSpan.FromMinutes(1));
            newInbox = await AddInboxRowsAsync(db, 2, now - Week + TimeSpan.FromMinutes(1));
        }

        // Five old rows of each and deletes of two: the sweep must go on until the old rows are gone.
        using var host = MessagingHost.Build(provider, cs, "retention", Settings(batchSize: 2), time: clock);
        var (outbox, inbox) = await host.Services.GetRequiredService<MessagingRetention>().SweepAsync(CancellationToken.None);

        Assert.Equal((5, 5), (outbox, inbox));
        await using var check = PersistenceExtensions.CreateContext<TestDbContext>(provider, cs);
        Assert.Equal(newSent.Concat(oldUnsent).Order(), (await check.OutboxMessages.Select(m => m.Id).ToListAsync()).Order());
        Assert.Equal(newInbox.Order(), (await check.InboxMessages.Select(m => m.MessageId).ToListAsync()).Order());
    }

    [Fact]
    public Task A_redelivery_inside_the_inbox_window_is_dropped_after_a_sweep_on_SQLite() =>
        RedeliveryInsideTheWindowIsDropped(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task A_redelivery_inside_the_inbox_window_is_dropped_after_a_sweep_on_PostgreSQL() =>
        RedeliveryInsideTheWindowIsDropped(DatabaseProvider.PostgreSql);

    private static async Task RedeliveryInsideTheWindowIsDropped(DatabaseProvider provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var cs = await TestEnvironment.CreateDatabaseAsync(provider, "retention-redelivery");
        await (await TestDbContext.CreateAsync(provider, cs)).DisposeAsync();
        using var host = MessagingHost.Build(provider, cs, "retention", Settings(), x => x.AddConsumer<CountingConsumer>(),
            testHarness: true, time: clock);
        await host.StartAsync();
        try
        {
            var harness = host.Services.GetRequiredService<ITestHarness>();
            var retention = host.Services.GetRequiredService<MessagingRetention>();
            var received = new ReceivedCounter();
            harness.Bus.ConnectReceiveObserver(received);
            var message = new InboxProbe(Guid.NewGuid());
            var messageId = Guid.NewGuid();
            await using var check = PersistenceExtensions.CreateContext<TestDbContext>(provider, cs);

            await harness.Bus.Publish(message, c => c.MessageId = messageId);
            await Eventually.TrueAsync(() => Task.FromResult(received.Count == 1), TimeSpan.FromSeconds(10), "the first delivery");

            // A minute before the window ends the sweep keeps the row, and the copy counts for nothing.
            clock.Advance(Week - TimeSpan.FromMinutes(1));
            Assert.Equal((0, 0), await retention.SweepAsync(CancellationToken.None));
            await harness.Bus.Publish(message, c => c.MessageId = messageId);
            await Eventually.TrueAsync(() => Task.FromResult(received.Count == 2), TimeSpan.FromSeconds(10), "the redelivery");
            Assert.Equal(1, (await check.Counters.AsNoTracking().SingleAsync(c => c.Id == message.Id)).Value);
            Assert.Equal(0, received.Faults);

            // Past the window the row goes: what kept it above was the window, not a sweep that deletes nothing.
            clock.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal((0, 1), await retention.SweepAsync(CancellationToken.None));
            Assert.False(await check.InboxMessages.AnyAsync(m => m.MessageId == messageId));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task The_service_sweeps_at_start_with_the_configured_retention()
    {
        var cs = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "retention-hosted");
        var now = DateTime.UtcNow;
        List<Guid> old, recent;
        await using (var db = await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, cs))
        {
            old = await AddInboxRowsAsync(db, 3, now - TimeSpan.FromDays(3));
            recent = await AddInboxRowsAsync(db, 3, now - TimeSpan.FromDays(1));
        }

        // Two days, not the default week: the rows three days old go only if the setting was read.
        using var host = MessagingHost.Build(DatabaseProvider.Sqlite, cs, "retention-hosted", new()
        {
            ["Messaging:Transport"] = "InMemory",
            ["Messaging:Retention:InboxRetention"] = "2.00:00:00",
        });
        await host.StartAsync();
        try
        {
            await using var check = PersistenceExtensions.CreateContext<TestDbContext>(DatabaseProvider.Sqlite, cs);
            await Eventually.TrueAsync(async () => !await check.InboxMessages.AnyAsync(m => old.Contains(m.MessageId)),
                TimeSpan.FromSeconds(10), "the sweep at start to delete the old inbox rows");
            Assert.Equal(recent.Order(), (await check.InboxMessages.Select(m => m.MessageId).ToListAsync()).Order());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task An_inbox_retention_shorter_than_the_minimum_is_refused_at_start()
    {
        var cs = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "retention-floor");
        await (await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, cs)).DisposeAsync();
        using var host = MessagingHost.Build(DatabaseProvider.Sqlite, cs, "retention-floor", new()
        {
            ["Messaging:Transport"] = "InMemory",
            ["Messaging:Retention:InboxRetention"] = "12:00:00",
        });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Messaging:Retention:InboxRetention is 12:00:00, shorter than the minimum 1.00:00:00", refused.Message);
    }
}
