using Coordination.BuildingBlocks.Persistence;
using Coordination.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

/// <summary>A message only these tests publish, so other tests sharing the broker cannot disturb the counts.</summary>
public sealed record InboxProbe(Guid Id);

/// <summary>Counts deliveries into the database: without the inbox, a redelivery would count twice.</summary>
public sealed class CountingConsumer(TestDbContext db) : IConsumer<InboxProbe>
{
    public async Task Consume(ConsumeContext<InboxProbe> context)
    {
        var counter = await db.Counters.FindAsync(context.Message.Id);
        if (counter is null) db.Counters.Add(new Counter { Id = context.Message.Id, Value = 1 });
        else counter.Value++;
    }
}

public class InboxTests
{
    private static InboxProbe SomeEvent() => new(Guid.NewGuid());

    [Fact]
    public async Task The_same_message_delivered_twice_has_one_effect()
    {
        var cs = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "inbox");
        await (await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, cs)).DisposeAsync();
        using var host = MessagingHost.Build(DatabaseProvider.Sqlite, cs, "inbox", testHarness: true,
            consumers: x => x.AddConsumer<CountingConsumer>());
        await host.StartAsync();
        try
        {
            var harness = host.Services.GetRequiredService<ITestHarness>();
            var received = new ReceivedCounter();
            harness.Bus.ConnectReceiveObserver(received);
            var message = SomeEvent();
            var messageId = Guid.NewGuid();
            await harness.Bus.Publish(message, c => c.MessageId = messageId);
            await harness.Bus.Publish(message, c => c.MessageId = messageId);
            // A different message id is a different message, even with the same content.
            await harness.Bus.Publish(message, c => c.MessageId = Guid.NewGuid());

            await Eventually.TrueAsync(() => Task.FromResult(received.Count == 3), TimeSpan.FromSeconds(10), "three deliveries");
            await using var db = PersistenceExtensions.CreateContext<TestDbContext>(DatabaseProvider.Sqlite, cs);
            Assert.Equal(2, (await db.Counters.SingleAsync()).Value);
            Assert.Equal(2, await db.InboxMessages.CountAsync());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [RabbitMqFact]
    public async Task A_redelivery_over_RabbitMQ_has_no_effect()
    {
        var cs = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "inbox-rabbit");
        await (await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, cs)).DisposeAsync();
        var service = "inbox-" + Guid.NewGuid().ToString("N")[..8];
        using var host = MessagingHost.Build(DatabaseProvider.Sqlite, cs, service, TestEnvironment.RabbitMqSettings(),
            x => x.AddConsumer<CountingConsumer>());
        await host.StartAsync();
        try
        {
            var bus = host.Services.GetRequiredService<IBus>();
            var received = new ReceivedCounter();
            bus.ConnectReceiveObserver(received);
            var message = SomeEvent();
            var messageId = Guid.NewGuid();
            await bus.Publish(message, c => c.MessageId = messageId);
            await bus.Publish(message, c => c.MessageId = messageId);

            // Both copies have gone through the whole receive pipeline (inbox, consumer, ack).
            await Eventually.TrueAsync(() => Task.FromResult(received.Count == 2), TimeSpan.FromSeconds(15), "both deliveries");
            await using var db = PersistenceExtensions.CreateContext<TestDbContext>(DatabaseProvider.Sqlite, cs);
            Assert.Equal(1, (await db.Counters.AsNoTracking().SingleAsync(c => c.Id == message.Id)).Value);
            Assert.Equal(0, received.Faults);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}

/// <summary>Counts messages that finished the receive pipeline, consumed or dropped as duplicates.</summary>
public sealed class ReceivedCounter : IReceiveObserver
{
    private int _count;
    private int _faults;

    public int Count => Volatile.Read(ref _count);

    public int Faults => Volatile.Read(ref _faults);

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context)
    {
        Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        Interlocked.Increment(ref _faults);
        return Task.CompletedTask;
    }
}
