using System.Text.Json;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

/// <summary>A message only the group-commit tests publish.</summary>
public sealed record GroupProbe(Guid Id);

public sealed class GroupProbeConsumer(GroupCommit<GroupProbe> groupCommit) : IConsumer<GroupProbe>
{
    public Task Consume(ConsumeContext<GroupProbe> context) => groupCommit.SubmitAsync(context);
}

/// <summary>Counts each message of a batch into the database, like <see cref="CountingConsumer"/>.</summary>
public sealed class GroupProbeHandler(TestDbContext db) : IGroupCommitHandler<GroupProbe>
{
    public async Task HandleAsync(IReadOnlyList<GroupProbe> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            var counter = await db.Counters.FindAsync([message.Id], cancellationToken);
            if (counter is null) db.Counters.Add(new Counter { Id = message.Id, Value = 1 });
            else counter.Value++;
        }
    }
}

/// <summary>
/// The endpoint settings AddMessaging gives each kind of consumer, read from the running bus's probe:
/// queue names are "&lt;service&gt;-&lt;consumer&gt;" (other services and the inbox key depend on them),
/// a plain consumer runs behind the inbox filter, a group-committed one without it.
/// </summary>
public class ConsumerEndpointTests
{
    private const string Service = "endpoints";

    private static IHost BuildHost(string cs) => MessagingHost.Build(DatabaseProvider.Sqlite, cs, Service, testHarness: true, consumers: x =>
    {
        x.AddConsumer<CountingConsumer>();
        x.AddGroupCommitConsumer<GroupProbeConsumer, GroupProbe, GroupProbeHandler>();
    });

    /// <summary>Each receive endpoint of the bus, by name, as its probe describes it.</summary>
    private static Dictionary<string, JsonElement> ReceiveEndpoints(IHost host)
    {
        var probe = JsonSerializer.SerializeToElement(host.Services.GetRequiredService<IBus>().GetProbeResult().Results);
        return probe.GetProperty("bus").GetProperty("host").GetProperty("receiveEndpoint").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!);
    }

    private static int ConcurrentMessageLimit(JsonElement endpoint) =>
        endpoint.GetProperty("receiveTransport").GetProperty("concurrentMessageLimit").GetInt32();

    [Fact]
    public async Task Each_consumer_gets_its_queue_retries_and_inbox_from_its_definition()
    {
        var cs = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "endpoints");
        await (await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, cs)).DisposeAsync();
        using var host = BuildHost(cs);
        await host.StartAsync();
        try
        {
            var endpoints = ReceiveEndpoints(host);
            var options = new MessagingOptions();

            var plain = endpoints["endpoints-counting"].GetRawText();
            Assert.Contains("\"retry\"", plain);
            Assert.Contains(typeof(InboxFilter<>).FullName!.Split('`')[0], plain);
            Assert.Equal(options.ConcurrentMessageLimit, ConcurrentMessageLimit(endpoints["endpoints-counting"]));

            var grouped = endpoints["endpoints-group-probe"].GetRawText();
            Assert.Contains("\"retry\"", grouped);
            Assert.DoesNotContain(typeof(InboxFilter<>).FullName!.Split('`')[0], grouped);
            Assert.Equal(options.PrefetchCount, ConcurrentMessageLimit(endpoints["endpoints-group-probe"]));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_group_committed_consumer_drops_a_redelivery_and_keys_its_inbox_by_its_queue()
    {
        var cs = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "endpoints-group");
        await (await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, cs)).DisposeAsync();
        using var host = BuildHost(cs);
        await host.StartAsync();
        try
        {
            var harness = host.Services.GetRequiredService<ITestHarness>();
            var received = new ReceivedCounter();
            harness.Bus.ConnectReceiveObserver(received);
            var message = new GroupProbe(Guid.NewGuid());
            var messageId = Guid.NewGuid();
            await harness.Bus.Publish(message, c => c.MessageId = messageId);
            await harness.Bus.Publish(message, c => c.MessageId = messageId);

            await Eventually.TrueAsync(() => Task.FromResult(received.Count == 2), TimeSpan.FromSeconds(10), "both deliveries");
            await using var db = PersistenceExtensions.CreateContext<TestDbContext>(DatabaseProvider.Sqlite, cs);
            Assert.Equal(1, (await db.Counters.SingleAsync(c => c.Id == message.Id)).Value);
            Assert.Equal("endpoints-group-probe", (await db.InboxMessages.SingleAsync(m => m.MessageId == messageId)).Consumer);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
