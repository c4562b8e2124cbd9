using System.Threading.Channels;
using Coordination.BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// Group commit for a busy consumer: its consumes run concurrently and each hands its message to one
/// writer, which takes whatever is queued, handles it in one transaction (an inbox row written
/// unless its message is in already, one <see cref="IGroupCommitHandler{T}"/> call, one commit) and then completes every waiting consume. Idle,
/// a message is a batch of one and commits at once; loaded, the batch is whatever arrived during the
/// previous commit, so the cost per message falls as the load rises.
///
/// Why not MassTransit's <c>Batch&lt;T&gt;</c> consumer: it delivers a batch only when it is full or
/// when its TimeLimit has passed since the first message, also when the queue is empty, so every message
/// of a quiet moment waits the whole TimeLimit; and a short TimeLimit keeps batches small under load.
/// Here the batch size follows the load without any wait.
///
/// The inbox guarantees stay those of <see cref="InboxFilter{T}"/>, per message: a message whose id is
/// in the inbox (or twice in one batch) counts once and is acknowledged; each handled message gets its
/// inbox row in the transaction of its effects. If a batch fails, its messages are handled again one by
/// one, each in its own transaction, so one bad message fails only its own consume (MassTransit retries
/// it, then moves it to the _error queue) while the others commit.
/// </summary>
public sealed class GroupCommit<T> : IAsyncDisposable where T : class
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger<GroupCommit<T>> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Lazy<Task> _writer;

    public GroupCommit(IServiceScopeFactory scopes, IOptions<MessagingOptions> options, TimeProvider time, ILogger<GroupCommit<T>> logger)
    {
        (_scopes, _time, _logger) = (scopes, time, logger);
        // Half the prefetch: while one batch commits, the broker delivers the next into the other half.
        // A batch of the whole prefetch holds every delivery back until its commit acknowledges it.
        MaxBatch = Math.Max(1, options.Value.PrefetchCount / 2);
        _writer = new Lazy<Task>(() =>
        {
            // Started by the first consume, but its own: it must not carry that message's trace and
            // logging scope into every batch after it.
            using (ExecutionContext.SuppressFlow()) return Task.Run(WriteAsync);
        });
    }

    /// <summary>The most messages one transaction takes.</summary>
    public int MaxBatch { get; set; }

    /// <summary>Hands the message to the writer and completes when its transaction has committed (or throws its failure).</summary>
    public Task SubmitAsync(ConsumeContext<T> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(T).Name} arrived without a message id; the inbox cannot recognise it.");
        var done = Submit([(messageId, Inbox.ConsumerName(context.ReceiveContext.InputAddress), context.Message)])[0];
        // A consume cancelled while its message waits leaves it to the writer: if it commits, the
        // redelivery finds it in the inbox.
        return done.WaitAsync(context.CancellationToken);
    }

    /// <summary>
    /// Hands several messages to the writer at once: they are taken into one transaction together
    /// (with whatever else waits, up to <see cref="MaxBatch"/>). Each task completes as that message's
    /// consume would. For callers that hold messages already (tests, tools).
    /// </summary>
    public IReadOnlyList<Task> Submit(IReadOnlyList<(Guid MessageId, string Consumer, T Message)> messages)
    {
        var pending = messages.Select(m => new Pending(m.MessageId, m.Consumer, m.Message)).ToList();
        lock (_gate)
        {
            foreach (var p in pending)
            {
                if (!_queue.Writer.TryWrite(p)) throw new ObjectDisposedException(nameof(GroupCommit<T>));
            }
        }
        _ = _writer.Value;
        return [.. pending.Select(p => (Task)p.Done.Task)];
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                batch.Clear();
                lock (_gate)
                {
                    while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
                }
                await CommitAsync(batch);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested) { }
        while (_queue.Reader.TryRead(out var left)) left.Done.TrySetCanceled();
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            await CommitOnceAsync(batch);
            foreach (var p in batch) p.Done.TrySetResult();
            return;
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            _logger.LogWarning(ex, "A batch of {Count} {MessageType} failed; handling its messages one by one", batch.Count, typeof(T).Name);
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
            return;
        }
        foreach (var p in batch)
        {
            try
            {
                await CommitOnceAsync([p]);
                p.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                p.Done.TrySetException(ex);
            }
        }
    }

    private async Task CommitOnceAsync(IReadOnlyList<Pending> batch)
    {
        var ct = _stopping.Token;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // The inbox rows first, each written only if its message is not in the inbox yet: a redelivery,
        // or the same message twice in this batch (the first copy counts), writes nothing and is not
        // handled. One statement per message instead of a lookup of the batch and an insert; written
        // directly, not through the change tracker (hundreds a batch under load).
        var now = _time.GetUtcDateTime();
        var fresh = new List<Pending>(batch.Count);
        await using (var inbox = new BulkInsert<InboxMessage>(db, skipExistingKeys: true))
        {
            foreach (var p in batch)
            {
                if (await inbox.AddAsync(Inbox.Row(p.MessageId, p.Consumer, now), ct)) fresh.Add(p);
                else Inbox.LogIgnored(_logger, typeof(T).Name, p.MessageId, p.Consumer);
            }
        }
        if (fresh.Count == 0) return;

        await scope.ServiceProvider.GetRequiredService<IGroupCommitHandler<T>>().HandleAsync(fresh.Select(p => p.Message).ToList(), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_writer.IsValueCreated)
        {
            try { await _writer.Value; } catch (OperationCanceledException) { }
        }
        _stopping.Dispose();
    }

    private sealed record Pending(Guid MessageId, string Consumer, T Message)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
