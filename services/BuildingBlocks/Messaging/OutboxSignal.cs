namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// How committed outbox rows reach this process's relay: handed over in memory (<see cref="Handover"/>)
/// while a relay runs here, otherwise by waking its sweep.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Wakeup _sweep = new();

    /// <summary>The relay's intake of rows committed in this process; null while no relay runs here.</summary>
    public OutboxHandover? Handover { get; internal set; }

    /// <summary>Wakes the sweep: rows were committed that nobody handed over (written in bulk, or with no relay running).</summary>
    public void Notify() => _sweep.Set();

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _sweep.WaitAsync(timeout, cancellationToken);
}
