namespace Coordination.BuildingBlocks.Messaging;

/// <summary>A message a consumer has handled; its key makes a redelivery a no-op.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }

    /// <summary>The receive endpoint (queue) of the consumer: one service may consume a message in several places.</summary>
    public string Consumer { get; init; } = "";

    public DateTime ProcessedAt { get; init; }
}
