using MassTransit;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>The consumers that go through a <see cref="GroupCommit{T}"/> instead of the inbox filter, and their endpoints.</summary>
public sealed class GroupCommitConsumers
{
    internal HashSet<Type> ConsumerTypes { get; } = [];

    internal HashSet<string> EndpointNames { get; } = [];

    /// <summary>Names the consumers' endpoints as the bus will (called once the consumers are registered).</summary>
    internal void NameEndpoints(IEndpointNameFormatter formatter)
    {
        var consumer = typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!;
        foreach (var type in ConsumerTypes) EndpointNames.Add((string)consumer.MakeGenericMethod(type).Invoke(formatter, null)!);
    }

    public bool IsGroupCommitEndpoint(string endpointName) => EndpointNames.Contains(endpointName);
}
