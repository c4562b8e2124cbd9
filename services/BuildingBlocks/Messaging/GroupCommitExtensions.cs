using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.BuildingBlocks.Messaging;

public static class GroupCommitExtensions
{
    /// <summary>
    /// Registers a consumer of <typeparamref name="T"/> that hands its messages to the group commit
    /// (it calls <see cref="GroupCommit{T}.SubmitAsync"/>), and the handler of their batches. Its endpoint
    /// is configured by <see cref="GroupCommitConsumerDefinition{TConsumer}"/>.
    /// </summary>
    public static void AddGroupCommitConsumer<TConsumer, T, THandler>(this IBusRegistrationConfigurator x)
        where TConsumer : class, IConsumer<T>
        where T : class
        where THandler : class, IGroupCommitHandler<T>
    {
        x.AddSingleton<GroupCommit<T>>();
        x.AddScoped<IGroupCommitHandler<T>, THandler>();
        x.AddConsumer<TConsumer, GroupCommitConsumerDefinition<TConsumer>>();
    }

}
