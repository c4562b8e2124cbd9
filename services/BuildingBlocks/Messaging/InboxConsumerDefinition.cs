using MassTransit;
using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// The endpoint of a consumer registered with <c>AddConsumer</c>: retries, the inbox filter, and
/// <see cref="MessagingOptions.ConcurrentMessageLimit"/> messages at once. <c>AddMessaging</c> makes
/// it the definition of every consumer that has none of its own; the endpoint's name stays the
/// formatter's "&lt;service&gt;-&lt;consumer&gt;".
/// </summary>
public sealed class InboxConsumerDefinition<TConsumer>(IOptions<MessagingOptions> options) : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseEndpointRetry();
        endpointConfigurator.UseConsumeFilter(typeof(InboxFilter<>), context);
        endpointConfigurator.ConcurrentMessageLimit = options.Value.ConcurrentMessageLimit;
    }
}
