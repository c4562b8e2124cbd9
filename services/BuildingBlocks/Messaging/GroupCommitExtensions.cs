using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.BuildingBlocks.Messaging;

public static class GroupCommitExtensions
{
    /// <summary>
    /// Registers a consumer of <typeparamref name="T"/> that hands its messages to the group commit
    /// (it calls <see cref="GroupCommit{T}.SubmitAsync"/>), and the handler of their batches. Its endpoint
    /// gets no inbox filter (the group commit is its inbox) and lets as many messages be consumed at once
    /// as it prefetches, since a batch can only hold the messages in flight.
    /// </summary>
    public static void AddGroupCommitConsumer<TConsumer, T, THandler>(this IBusRegistrationConfigurator x)
        where TConsumer : class, IConsumer<T>
        where T : class
        where THandler : class, IGroupCommitHandler<T>
    {
        Registry(x).ConsumerTypes.Add(typeof(TConsumer));
        x.AddSingleton<GroupCommit<T>>();
        x.AddScoped<IGroupCommitHandler<T>, THandler>();
        x.AddConsumer<TConsumer>();
    }

    internal static GroupCommitConsumers Registry(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(GroupCommitConsumers))?.ImplementationInstance is GroupCommitConsumers existing)
            return existing;
        var registry = new GroupCommitConsumers();
        services.AddSingleton(registry);
        return registry;
    }
}
