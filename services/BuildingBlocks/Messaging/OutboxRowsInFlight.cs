namespace Coordination.BuildingBlocks.Messaging;

/// <summary>A context's outbox rows: added and not yet saved, then saved and waiting for their transaction to commit.</summary>
internal sealed class OutboxRowsInFlight
{
    public List<OutboxMessage> Added { get; } = [];

    public List<OutboxMessage> Saved { get; } = [];
}
