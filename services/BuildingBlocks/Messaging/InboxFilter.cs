using Coordination.BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// Wraps every consumer: its effects, the outbox rows it adds and an inbox row (message id, consumer)
/// commit in one transaction, and a message already in the inbox is acknowledged without effect.
/// Two copies handled at once both try to insert the same inbox key; one commit fails, MassTransit
/// retries it, and the retry finds the row. Consumers therefore change state only through the scoped
/// DbContext and publish only through its outbox.
/// </summary>
public sealed class InboxFilter<T>(ServiceDbContext db, TimeProvider time, ILogger<InboxFilter<T>> logger)
    : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(T).Name} arrived without a message id; the inbox cannot recognise it.");
        var consumer = Inbox.ConsumerName(context.ReceiveContext.InputAddress);

        // A retry of a failed attempt must not see the entities the failed attempt tracked.
        db.ChangeTracker.Clear();
        var cancellationToken = context.CancellationToken;
        if ((await Inbox.HandledAsync(db, [(messageId, consumer)], cancellationToken)).Count > 0)
        {
            Inbox.LogIgnored(logger, typeof(T).Name, messageId, consumer);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await next.Send(context);
        db.InboxMessages.Add(Inbox.Row(messageId, consumer, time.GetUtcDateTime()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");
}

/// <summary>The inbox's key, lookup and row, for the inbox filter (a message at a time) and the group commit (a batch).</summary>
internal static class Inbox
{
    /// <summary>The receive endpoint (queue) name: the inbox key's consumer part.</summary>
    public static string ConsumerName(Uri inputAddress) => inputAddress.AbsolutePath.TrimEnd('/').Split('/')[^1];

    /// <summary>Which of these (message, consumer) keys are in the inbox already: one query for any number.</summary>
    public static async Task<HashSet<(Guid MessageId, string Consumer)>> HandledAsync(
        ServiceDbContext db, IReadOnlyCollection<(Guid MessageId, string Consumer)> keys, CancellationToken cancellationToken)
    {
        var ids = keys.Select(k => k.MessageId).Distinct().ToList();
        var consumers = keys.Select(k => k.Consumer).Distinct().ToList();
        var found = await db.InboxMessages.AsNoTracking()
            .Where(m => ids.Contains(m.MessageId) && consumers.Contains(m.Consumer))
            .Select(m => new { m.MessageId, m.Consumer })
            .ToListAsync(cancellationToken);
        return found.Select(m => (m.MessageId, m.Consumer)).Where(keys.Contains).ToHashSet();
    }

    public static InboxMessage Row(Guid messageId, string consumer, DateTime processedAt) =>
        new() { MessageId = messageId, Consumer = consumer, ProcessedAt = processedAt };

    public static void LogIgnored(ILogger logger, string messageType, Guid messageId, string consumer) =>
        logger.LogInformation("{MessageType} {MessageId} was already handled by {Consumer}; ignored", messageType, messageId, consumer);
}
