namespace Coordination.BuildingBlocks.Messaging;

public sealed class OutboxOptions
{
    public const string Section = "Messaging:Outbox";

    /// <summary>Whether this process relays. Every replica may (claims keep them apart); a tool or a test may not.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The sweep for rows nobody signalled (written by a process that died, or by a peer replica).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 100;

    /// <summary>How many committed rows may wait in memory for this process's relay; past that they wait for the sweep.</summary>
    public int HandoverCapacity { get; set; } = 10_000;

    /// <summary>How long published rows gather before one write marks them all sent.</summary>
    public TimeSpan MarkInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a claimed batch is ours; after that another relay may publish it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts: after a broker outage, rows leave at most this long after it is back.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}
