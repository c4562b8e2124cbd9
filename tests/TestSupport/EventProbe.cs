using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.TestSupport;

/// <summary>
/// Listens on the test RabbitMQ for one event type, on a queue of its own that is deleted when the
/// probe is, and collects what arrives: how a test shows that an event left a service over the bus.
/// Start it before the action that publishes (a queue only receives what is published after it is bound).
/// </summary>
public sealed class EventProbe<T> : IAsyncDisposable where T : class
{
    private readonly ConcurrentQueue<ConsumeContext<T>> _received = new();
    private readonly IBusControl _bus;

    private EventProbe()
    {
        var uri = TestEnvironment.RabbitMq ?? throw new InvalidOperationException($"{TestEnvironment.RabbitMqVariable} is not set.");
        var settings = TestEnvironment.RabbitMqSettings();
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(uri.Host, (ushort)uri.Port, settings["Messaging:RabbitMq:VirtualHost"], h =>
            {
                h.Username(settings["Messaging:RabbitMq:Username"]!);
                h.Password(settings["Messaging:RabbitMq:Password"]!);
            });
            cfg.ReceiveEndpoint($"probe-{typeof(T).Name}-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<T>(context =>
                {
                    _received.Enqueue(context);
                    return Task.CompletedTask;
                });
            });
        });
    }

    public IReadOnlyCollection<ConsumeContext<T>> Received => _received;

    public static async Task<EventProbe<T>> StartAsync()
    {
        var probe = new EventProbe<T>();
        await probe._bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return probe;
    }

    /// <summary>The first message that satisfies the predicate, waiting for it up to the timeout.</summary>
    public Task<ConsumeContext<T>> WaitForAsync(Func<T, bool> predicate, TimeSpan? timeout = null) =>
        Eventually.GetAsync(() => Task.FromResult(_received.FirstOrDefault(c => predicate(c.Message))),
            timeout ?? TimeSpan.FromSeconds(10), $"a {typeof(T).Name} over RabbitMQ");

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
