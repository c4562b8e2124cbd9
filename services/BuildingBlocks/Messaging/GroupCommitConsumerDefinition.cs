using MassTransit;
using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// The endpoint of a group-committed consumer (<see cref="GroupCommitExtensions.AddGroupCommitConsumer{TConsumer, T, THandler}"/>):
/// retries but no inbox filter, since the group commit is its inbox; and as many messages consumed at
/// once as are prefetched, since a batch holds only the messages in flight and every prefetched
/// message may wait for the next commit.
/// </summary>
public sealed class GroupCommitConsumerDefinition<TConsumer>(IOptions<MessagingOptions> options) : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseEndpointRetry();
        endpointConfigurator.ConcurrentMessageLimit = options.Value.PrefetchCount;
    }
}
