namespace Coordination.BuildingBlocks.Messaging;

/// <summary>How long handled messaging rows are kept before <see cref="MessagingRetention"/> deletes them.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Messaging:Retention";

    /// <summary>The shortest <see cref="InboxRetention"/> accepted at start.</summary>
    public static readonly TimeSpan MinimumInboxRetention = TimeSpan.FromDays(1);

    /// <summary>Whether this process sweeps. Every replica may (rows another one deleted first are simply not found); a tool or a test may not.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a sent outbox row is kept after it was sent. Unsent rows are never deleted, whatever
    /// their age: the relay still owes their events.
    /// </summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long an inbox row is kept after its message was handled. Once it is gone a redelivery of
    /// that message is handled again, so the window must be longer than any redelivery can take: a
    /// relay that died between publishing and marking a row sent republishes it when it or another
    /// replica takes over (possibly after a long outage), and messages moved back from an _error queue
    /// arrive whenever an operator does it. At least <see cref="MinimumInboxRetention"/>.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The most rows one DELETE removes. Each delete is a short write of its own, so the service's
    /// commits wait behind one batch at most, never behind a whole backlog (SQLite has one writer).
    /// </summary>
    public int BatchSize { get; set; } = 1000;
}
