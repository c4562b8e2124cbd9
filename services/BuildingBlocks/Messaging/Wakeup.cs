namespace Coordination.BuildingBlocks.Messaging;

/// <summary>Wakes one waiting loop; any number of wake-ups before it waits count as one.</summary>
internal sealed class Wakeup
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try { _semaphore.Release(); } catch (SemaphoreFullException) { /* already set */ }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}
