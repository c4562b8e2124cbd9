using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on the configured transport, with the outbox relay, and the inbox filter and
    /// retries on every consumer endpoint. Queues are named "&lt;service&gt;-&lt;consumer&gt;", so each
    /// service gets its own copy of every event it consumes. After the retries a message goes to the
    /// endpoint's _error queue.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? addConsumers = null)
    {
        // Bound once, here: the bus's endpoints are configured from it now, and what reads it later
        // (the group commit's batch size) must see the same settings.
        var options = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new();
        var services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.Configure<OutboxOptions>(builder.Configuration.GetSection(OutboxOptions.Section));
        services.AddSingleton<OutboxSignal>();
        services.AddHostedService<OutboxRelay>();

        // Start serving only once every consumer's queue is bound: a message published before its
        // queue exists is dropped by the broker.
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
        });
        var groupCommit = GroupCommitExtensions.Registry(services);
        services.AddMassTransit(x =>
        {
            var names = new KebabCaseEndpointNameFormatter(serviceName, false);
            x.SetEndpointNameFormatter(names);
            // MassTransit reports usage to its vendor by default; these hosts reach no network beyond
            // the broker, and government data systems must not call out.
            x.DisableUsageTelemetry();
            addConsumers?.Invoke(x);
            groupCommit.NameEndpoints(names);
            x.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
                if (groupCommit.IsGroupCommitEndpoint(name))
                {
                    // The group commit is this endpoint's inbox, and a batch holds only messages in flight:
                    // every prefetched message may wait for the next commit (GroupCommit.cs).
                    endpoint.ConcurrentMessageLimit = options.PrefetchCount;
                    return;
                }
                endpoint.UseConsumeFilter(typeof(InboxFilter<>), context);
                endpoint.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
            });

            if (options.Transport == MessageTransport.InMemory)
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                return;
            }
            x.UsingRabbitMq((context, cfg) =>
            {
                var rabbit = options.RabbitMq;
                cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
                {
                    h.Username(rabbit.Username);
                    h.Password(rabbit.Password);
                });
                cfg.PrefetchCount = options.PrefetchCount;
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
