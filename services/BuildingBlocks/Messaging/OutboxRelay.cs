using System.Collections.Concurrent;
using System.Diagnostics;
using Coordination.BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// Publishes outbox rows to the bus, by two paths:
/// - rows committed in this process are handed over in memory, already claimed for this relay
///   (<see cref="OutboxHandover"/>), published at once and marked sent in batches a moment later;
/// - a sweep, on a timer or when woken, takes every due row nobody holds: rows written in bulk,
///   rows whose publish failed, rows left by a process that died. Safe with several replicas over
///   one database: a swept batch is first claimed by a conditional UPDATE (only rows nobody holds),
///   so two relays never publish the same row while a claim is alive.
/// A row published but not marked sent (a crash in between) is published again, and the consumers'
/// inboxes drop it.
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
    private readonly ConcurrentQueue<Published> _published = new();
    private readonly Wakeup _publishedWakeup = new();

    private readonly record struct Published(OutboxMessage Message, Guid Claim, Exception? Error);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled) return;
        var handover = new OutboxHandover(time, _options.ClaimLease, _options.HandoverCapacity);
        signal.Handover = handover;
        try
        {
            await Task.WhenAll(
                Task.Run(() => PublishHandedOverAsync(handover, stoppingToken), CancellationToken.None),
                Task.Run(() => MarkPublishedAsync(stoppingToken), CancellationToken.None),
                Task.Run(() => SweepAsync(stoppingToken), CancellationToken.None));
        }
        finally
        {
            // Rows still in the intake stay claimed until the lease ends; then any relay sweeps them.
            signal.Handover = null;
            handover.Close();
            await MarkAsync(CancellationToken.None);
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
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

    private async Task PublishHandedOverAsync(OutboxHandover handover, CancellationToken stoppingToken)
    {
        var batch = new List<OutboxMessage>(_options.BatchSize);
        try
        {
            while (await handover.Rows.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < _options.BatchSize && handover.Rows.TryRead(out var row)) batch.Add(row);
                var results = await Task.WhenAll(batch.Select(row => PublishAsync(row, stoppingToken)));
                foreach (var (row, error) in results) _published.Enqueue(new Published(row, handover.Token, error));
                batch.Clear();
                _publishedWakeup.Set();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    /// <summary>
    /// Marks handed-over rows sent, a batch at a time: one write per <see cref="OutboxOptions.MarkInterval"/>
    /// rather than one per publish, since every write waits its turn with the service's own commits.
    /// </summary>
    private async Task MarkPublishedAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _publishedWakeup.WaitAsync(Timeout.InfiniteTimeSpan, stoppingToken);
                await Task.Delay(_options.MarkInterval, stoppingToken);
            }
            catch (OperationCanceledException) { return; }
            try
            {
                await MarkAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The rows stay claimed: once the claim ends they are swept and published again, and consumers' inboxes drop the copies.
                logger.LogWarning(ex, "Marking published outbox rows failed");
            }
        }
    }

    private async Task MarkAsync(CancellationToken cancellationToken)
    {
        var results = new List<Published>();
        while (_published.TryDequeue(out var published)) results.Add(published);
        if (results.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        foreach (var claim in results.GroupBy(r => r.Claim))
            await SettleAsync(db, claim.Key, claim.ToList(), cancellationToken);
    }

    /// <summary>Claims, publishes and marks one batch of due rows nobody holds; returns how many rows were due.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
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
        await SettleAsync(db, claim, results.Select(r => new Published(r.Message, claim, r.Error)).ToList(), CancellationToken.None);
        return due.Count;
    }

    /// <summary>Marks the published rows of one claim sent, and gives the failed ones back with a time for their next attempt.</summary>
    private async Task SettleAsync(MessagingDbContext db, Guid claim, List<Published> results, CancellationToken cancellationToken)
    {
        var sentAt = time.GetUtcDateTime();
        foreach (var chunk in results.Where(r => r.Error is null).Select(r => r.Message.Id).Chunk(500))
        {
            await db.OutboxMessages
                .Where(m => chunk.Contains(m.Id) && m.ClaimToken == claim)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.SentAt, sentAt)
                    .SetProperty(m => m.ClaimToken, (Guid?)null)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null), cancellationToken);
        }
        foreach (var (message, _, error) in results.Where(r => r.Error is not null))
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
                    .SetProperty(m => m.LockedUntil, (DateTime?)null), cancellationToken);
            logger.LogWarning("Publishing outbox message {MessageId} ({Type}) failed, attempt {Attempt}; next at {RetryAt}: {Error}",
                message.Id, message.MessageType, attempts, retryAt, error.Message);
        }
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
