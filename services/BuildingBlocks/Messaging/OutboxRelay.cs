using System.Diagnostics;
using Coordination.BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.Messaging;

public sealed class OutboxOptions
{
    public const string Section = "Messaging:Outbox";

    /// <summary>Whether this process relays. Every replica may (claims keep them apart); a tool or a test may not.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The sweep for rows nobody signalled (written by a process that died, or by a peer replica).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claimed batch is ours; after that another relay may publish it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts: after a broker outage, rows leave at most this long after it is back.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Wakes the relay as soon as a transaction with outbox rows commits, instead of at the next sweep.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try { _semaphore.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _semaphore.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Publishes outbox rows to the bus. Safe with several replicas over one database: a batch is first
/// claimed by a conditional UPDATE (only rows nobody holds), so two relays never publish the same row
/// while a claim is alive. A relay that dies mid-batch leaves rows that another takes once the lease
/// ends; a row published but not marked sent is published again, and the consumers' inboxes drop it.
/// </summary>
public sealed class OutboxRelay(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private static readonly ActivitySource Source = new("Coordination.Outbox");
    private readonly OutboxOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Drain: a full batch means there may be more behind it.
                while (await RelayBatchAsync(stoppingToken) == _options.BatchSize) { }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Outbox sweep failed; retrying in {Interval}", _options.PollInterval);
            }
            try { await signal.WaitAsync(_options.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Claims, publishes and marks one batch; returns how many rows were due.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        var now = time.GetUtcDateTime();

        var due = await db.OutboxMessages
            .Where(m => m.SentAt == null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.CreatedAt)
            .Select(m => m.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0) return 0;

        // The condition is repeated in the UPDATE itself: the database re-checks it under the row
        // lock, so of two relays that read the same rows only one claims each.
        var claim = Guid.NewGuid();
        var lockedUntil = now + _options.ClaimLease;
        await db.OutboxMessages
            .Where(m => due.Contains(m.Id) && m.SentAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ClaimToken, claim)
                .SetProperty(m => m.LockedUntil, lockedUntil), cancellationToken);
        var claimed = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.ClaimToken == claim)
            .OrderBy(m => m.CreatedAt)
            .ToListAsync(cancellationToken);

        // Publishing concurrently is several times faster than one confirm at a time (see ENVIRONMENT.md).
        var results = await Task.WhenAll(claimed.Select(m => PublishAsync(m, cancellationToken)));

        var sent = results.Where(r => r.Error is null).Select(r => r.Message.Id).ToList();
        var sentAt = time.GetUtcDateTime();
        if (sent.Count > 0)
        {
            await db.OutboxMessages
                .Where(m => sent.Contains(m.Id) && m.ClaimToken == claim)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.SentAt, sentAt)
                    .SetProperty(m => m.ClaimToken, (Guid?)null)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null), CancellationToken.None);
        }
        foreach (var (message, error) in results.Where(r => r.Error is not null))
        {
            var attempts = message.Attempts + 1;
            var retryAt = sentAt + Backoff(attempts);
            var lastError = Truncate(error!.Message, 2000);
            await db.OutboxMessages
                .Where(m => m.Id == message.Id && m.ClaimToken == claim)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.NextAttemptAt, retryAt)
                    .SetProperty(m => m.LastError, lastError)
                    .SetProperty(m => m.ClaimToken, (Guid?)null)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null), CancellationToken.None);
            logger.LogWarning("Publishing outbox message {MessageId} ({Type}) failed, attempt {Attempt}; next at {RetryAt}: {Error}",
                message.Id, message.MessageType, attempts, retryAt, error.Message);
        }
        return due.Count;
    }

    private async Task<(OutboxMessage Message, Exception? Error)> PublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Source.StartActivity("outbox publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.Id);
        try
        {
            var (message, type) = row.Deserialize();
            await bus.Publish(message, type, context => context.MessageId = row.Id, cancellationToken);
            return (row, null);
        }
        catch (Exception ex)
        {
            return (row, ex);
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var seconds = Math.Pow(2, Math.Min(attempts, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, _options.MaxBackoff.TotalSeconds));
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
