using Coordination.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>The inbox's key, lookup and row, for the inbox filter (a message at a time) and the group commit (a batch).</summary>
internal static class Inbox
{
    /// <summary>The receive endpoint (queue) name: the inbox key's consumer part.</summary>
    public static string ConsumerName(Uri inputAddress) => inputAddress.AbsolutePath.TrimEnd('/').Split('/')[^1];

    /// <summary>Whether the consumer has handled the message. (The group commit looks nothing up: it writes each row unless it is there.)</summary>
    public static Task<bool> IsHandledAsync(MessagingDbContext db, Guid messageId, string consumer, CancellationToken cancellationToken) =>
        db.InboxMessages.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, cancellationToken);

    public static InboxMessage Row(Guid messageId, string consumer, DateTime processedAt) =>
        new() { MessageId = messageId, Consumer = consumer, ProcessedAt = processedAt };

    public static void LogIgnored(ILogger logger, string messageType, Guid messageId, string consumer) =>
        logger.LogInformation("{MessageType} {MessageId} was already handled by {Consumer}; ignored", messageType, messageId, consumer);
}
