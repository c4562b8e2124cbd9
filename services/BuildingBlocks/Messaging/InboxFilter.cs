using Coordination.BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// Wraps every consumer: its effects, the outbox rows it adds and an inbox row (message id, consumer)
/// commit in one transaction, and a message already in the inbox is acknowledged without effect.
/// Two copies handled at once both try to insert the same inbox key; one commit fails, MassTransit
/// retries it, and the retry finds the row. Consumers therefore change state only through the scoped
/// DbContext and publish only through its outbox.
/// </summary>
public sealed class InboxFilter<T>(MessagingDbContext db, TimeProvider time, ILogger<InboxFilter<T>> logger)
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
            // Consumed, as far as the broker is concerned: otherwise MassTransit moves the copy to the
            // queue's _skipped queue, where every redelivery after a crash would pile up.
            await context.NotifyConsumed(context, TimeSpan.Zero, "inbox");
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
