namespace Coordination.BuildingBlocks.Messaging;

public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>RabbitMQ for real; the in-memory transport for fast tests of one process.</summary>
    public MessageTransport Transport { get; set; } = MessageTransport.RabbitMq;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>
    /// MassTransit's default on 2 cores is 16, which let a backlog build up (ENVIRONMENT.md). 256: a
    /// group-committed consumer (GroupCommit.cs) batches only the messages in flight, and the ledger's
    /// batches of ~30 at 64 spent more on per-batch queries and the commit than on the grants; plain
    /// consumers still run <see cref="ConcurrentMessageLimit"/> at once.
    /// </summary>
    public int PrefetchCount { get; set; } = 256;

    public int ConcurrentMessageLimit { get; set; } = 16;
}
