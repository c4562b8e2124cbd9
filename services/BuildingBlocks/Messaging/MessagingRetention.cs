using Coordination.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// Keeps the outbox and inbox bounded: at start and every <see cref="RetentionOptions.SweepInterval"/>,
/// deletes sent outbox rows and inbox rows older than their retention, oldest first, in deletes of at
/// most <see cref="RetentionOptions.BatchSize"/> rows each. Unsent outbox rows are never deleted.
/// </summary>
public sealed class MessagingRetention(
    IServiceScopeFactory scopes,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<MessagingRetention> logger) : BackgroundService
{
    private readonly RetentionOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled) return;
        using var timer = new PeriodicTimer(_options.SweepInterval, time);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Messaging retention sweep failed; retrying in {Interval}", _options.SweepInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    /// <summary>Deletes every row past its retention, a batch at a time; returns how many outbox and inbox rows went.</summary>
    public async Task<(int Outbox, int Inbox)> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        var now = time.GetUtcDateTime();
        var sentBefore = now - _options.OutboxRetention;
        var handledBefore = now - _options.InboxRetention;
        var batch = _options.BatchSize;

        // Sent rows only (SentAt is null until the relay marks a row), by the SentAt index.
        var outbox = await DeleteInBatchesAsync(() => db.OutboxMessages
            .Where(m => db.OutboxMessages
                .Where(o => o.SentAt != null && o.SentAt < sentBefore)
                .OrderBy(o => o.SentAt)
                .Select(o => o.Id)
                .Take(batch)
                .Contains(m.Id))
            .ExecuteDeleteAsync(cancellationToken));

        // The inbox key has two columns, which no provider matches against a subquery alike; matching
        // the message id alone may also take that message's other old rows (one per consumer), which
        // are past the window too.
        var inbox = await DeleteInBatchesAsync(() => db.InboxMessages
            .Where(m => m.ProcessedAt < handledBefore && db.InboxMessages
                .Where(i => i.ProcessedAt < handledBefore)
                .OrderBy(i => i.ProcessedAt)
                .Select(i => i.MessageId)
                .Take(batch)
                .Contains(m.MessageId))
            .ExecuteDeleteAsync(cancellationToken));

        if (outbox + inbox > 0)
            logger.LogInformation("Messaging retention deleted {Outbox} sent outbox rows and {Inbox} inbox rows", outbox, inbox);
        return (outbox, inbox);
    }

    /// <summary>Runs a bounded delete until it finds less than a full batch: each delete commits on its own.</summary>
    private async Task<int> DeleteInBatchesAsync(Func<Task<int>> deleteBatch)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await deleteBatch();
            total += deleted;
        }
        while (deleted >= _options.BatchSize);
        return total;
    }
}
