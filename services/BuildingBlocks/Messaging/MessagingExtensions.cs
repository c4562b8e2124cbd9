using Coordination.BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on the configured transport, with the outbox relay, the retention of handled
    /// outbox and inbox rows (<see cref="MessagingRetention"/>), and the inbox filter and
    /// retries on every consumer endpoint (<see cref="InboxConsumerDefinition{TConsumer}"/>). Queues
    /// are named "&lt;service&gt;-&lt;consumer&gt;", so each service gets its own copy of every event
    /// it consumes. After the retries a message goes to the endpoint's _error queue.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? addConsumers = null)
    {
        // Bound once, here: the bus's endpoints are configured from it now, and what reads it later
        // (the group commit's batch size) must see the same settings.
        var options = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new();
        // RabbitMQ's guest account is for a broker on a developer's own machine: anywhere else each host has its own.
        if (options.Transport == MessageTransport.RabbitMq && !builder.Environment.IsDevelopment() && !EF.IsDesignTime
            && string.Equals(options.RabbitMq.Username, RabbitMqOptions.GuestAccount, StringComparison.Ordinal))
            throw new InvalidOperationException("Messaging:RabbitMq:Username is RabbitMQ's guest account; it is refused outside Development.");
        var services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.Configure<OutboxOptions>(builder.Configuration.GetSection(OutboxOptions.Section));
        services.AddSingleton<OutboxSignal>();
        // The relay, the inbox and the group commit work on the service's context, which must have the outbox and inbox.
        services.TryAddScoped(sp => sp.GetRequiredService<ServiceDbContext>() as MessagingDbContext
            ?? throw new InvalidOperationException(
                $"{sp.GetRequiredService<ServiceDbContext>().GetType().Name} has no outbox and inbox: a service with messaging derives its context from {nameof(MessagingDbContext)}."));
        services.AddHostedService<OutboxRelay>();
        services.AddOptions<RetentionOptions>().Bind(builder.Configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<MessagingRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<MessagingRetention>());

        // Start serving only once every consumer's queue is bound: a message published before its
        // queue exists is dropped by the broker.
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
        });
        // Every consumer without a definition of its own gets the inbox's (retries, inbox filter,
        // concurrency); a group-committed one is registered with its own (AddGroupCommitConsumer).
        services.TryAddTransient(typeof(IConsumerDefinition<>), typeof(InboxConsumerDefinition<>));
        services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            // MassTransit reports usage to its vendor by default; these hosts reach no network beyond
            // the broker, and government data systems must not call out.
            x.DisableUsageTelemetry();
            addConsumers?.Invoke(x);

            if (options.Transport == MessageTransport.InMemory)
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                return;
            }
            var rabbit = options.RabbitMq;
            if (rabbit.QueueType == RabbitMqQueueType.Quorum)
                x.AddConfigureEndpointsCallback((_, _, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator queue) queue.SetQuorumQueue();
                });
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
                {
                    h.Username(rabbit.Username);
                    h.Password(rabbit.Password);
                    // The broker confirms every publish before the outbox marks its row sent.
                    h.PublisherConfirmation = true;
                    if (rabbit.ClusterNodes.Length > 0) h.UseCluster(c => { foreach (var node in rabbit.ClusterNodes) c.Node(node); });
                });
                cfg.PrefetchCount = options.PrefetchCount;
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
