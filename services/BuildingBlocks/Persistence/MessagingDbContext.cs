using Coordination.BuildingBlocks.Audit;
using Coordination.BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Coordination.BuildingBlocks.Persistence;

/// <summary>
/// The base of a service's DbContext that sends or receives integration events: the outbox, the inbox
/// and the audit records live in the service's own database, so that state changes, the events they
/// raise, the messages they consume and the audit of who made them commit together.
/// </summary>
public abstract class MessagingDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    /// <summary>Queues an integration event; it is published after (and only if) the next SaveChanges commits.</summary>
    public void AddIntegrationEvent<TEvent>(TEvent integrationEvent) where TEvent : class
    {
        var row = OutboxMessage.Create(integrationEvent, TimeProvider.System.GetUtcDateTime());
        OutboxMessages.Add(row);
        OutboxRows.Added.Add(row);
    }

    /// <summary>This context's outbox rows on their way to the relay (see OutboxSignalInterceptor).</summary>
    internal OutboxRowsInFlight OutboxRows { get; } = new();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfiguration(new AuditRecordConfiguration());
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("OutboxMessages");
            e.HasKey(m => m.Id);
            e.Property(m => m.MessageType).HasMaxLength(256);
            e.Property(m => m.TraceParent).HasMaxLength(64);
            e.Property(m => m.LastError).HasMaxLength(2000);
            // The relay's sweep: unsent rows in order of creation. Its leading SentAt also serves the
            // retention's range of rows sent before the cut-off (OutboxRetention).
            e.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
            e.HasIndex(m => m.ClaimToken);
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("InboxMessages");
            e.HasKey(m => new { m.MessageId, m.Consumer });
            e.Property(m => m.Consumer).HasMaxLength(200);
            // The retention deletes the oldest rows first; without it every sweep would scan the inbox.
            e.HasIndex(m => m.ProcessedAt);
        });
    }
}
