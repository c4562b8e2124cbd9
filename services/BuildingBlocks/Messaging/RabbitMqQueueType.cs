namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// The kind of every consumer's queue. Classic on one node; quorum on a cluster, where each queue is
/// replicated to a majority of nodes, so losing one node loses no message. A queue keeps the type it
/// was declared with: switching an existing deployment needs its queues drained and deleted first.
/// </summary>
public enum RabbitMqQueueType
{
    Classic,
    Quorum,
}
