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
        if (await Inbox.IsHandledAsync(db, messageId, consumer, cancellationToken))
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

    /// <summary>Whether the consumer has handled the message. (The group commit looks nothing up: it writes each row unless it is there.)</summary>
    public static Task<bool> IsHandledAsync(ServiceDbContext db, Guid messageId, string consumer, CancellationToken cancellationToken) =>
        db.InboxMessages.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, cancellationToken);

    public static InboxMessage Row(Guid messageId, string consumer, DateTime processedAt) =>
        new() { MessageId = messageId, Consumer = consumer, ProcessedAt = processedAt };

    public static void LogIgnored(ILogger logger, string messageType, Guid messageId, string consumer) =>
        logger.LogInformation("{MessageType} {MessageId} was already handled by {Consumer}; ignored", messageType, messageId, consumer);
}
