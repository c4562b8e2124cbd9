using Coordination.BuildingBlocks.Persistence;
using Coordination.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

/// <summary>On a cluster every consumer's queue is a quorum queue (Messaging:RabbitMq:QueueType), and the inbox pipeline works on it.</summary>
public class QuorumQueueTests
{
    [RabbitMqFact]
    public async Task With_the_quorum_setting_each_consumer_queue_is_declared_quorum_and_consumes()
    {
        var cs = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "quorum");
        await (await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, cs)).DisposeAsync();
        var service = "quorum-" + Guid.NewGuid().ToString("N")[..8];
        var settings = TestEnvironment.RabbitMqSettings();
        settings["Messaging:RabbitMq:QueueType"] = "Quorum";
        using var host = MessagingHost.Build(DatabaseProvider.Sqlite, cs, service, settings, x => x.AddConsumer<CountingConsumer>());
        await host.StartAsync();
        try
        {
            var queue = $"{service}-counting";
            // A queue's type is part of its declaration: declaring it again as anything else is refused.
            await using var connection = await Factory(settings).CreateConnectionAsync();
            await using (var same = await connection.CreateChannelAsync())
                await same.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            await using (var other = await connection.CreateChannelAsync())
            {
                var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => other.QueueDeclareAsync(queue, durable: true, exclusive: false,
                    autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "classic" }));
                Assert.Equal((ushort)406, refused.ShutdownReason!.ReplyCode); // PRECONDITION_FAILED: inequivalent x-queue-type
            }

            var message = new InboxProbe(Guid.NewGuid());
            await host.Services.GetRequiredService<IBus>().Publish(message);
            await Eventually.TrueAsync(async () =>
            {
                await using var db = PersistenceExtensions.CreateContext<TestDbContext>(DatabaseProvider.Sqlite, cs);
                return await db.Counters.AnyAsync(c => c.Id == message.Id && c.Value == 1);
            }, TimeSpan.FromSeconds(20), "the message consumed from the quorum queue");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static ConnectionFactory Factory(Dictionary<string, string?> settings)
    {
        var uri = TestEnvironment.RabbitMq!;
        var user = uri.UserInfo.Split(':');
        return new ConnectionFactory
        {
            HostName = uri.Host, Port = uri.Port, UserName = user[0], Password = user[1],
            VirtualHost = settings["Messaging:RabbitMq:VirtualHost"]!,
        };
    }
}
