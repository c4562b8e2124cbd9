using System.Threading.Channels;
using Coordination.BuildingBlocks.Persistence;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// Rows claimed for one relay as they are inserted and handed to it once committed, so that the
/// relay publishes them without reading them back or claiming them in a write of its own: the two
/// writes per batch that made an event's trip through the relay tens of milliseconds long while the
/// service's own commits held the database (SQLite lets one writer in at a time).
/// </summary>
public sealed class OutboxHandover(TimeProvider time, TimeSpan lease, int capacity)
{
    private readonly Channel<OutboxMessage> _rows = Channel.CreateBounded<OutboxMessage>(
        new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public Guid Token { get; } = Guid.NewGuid();

    internal ChannelReader<OutboxMessage> Rows => _rows.Reader;

    internal void Claim(OutboxMessage row) => row.Claim(Token, time.GetUtcDateTime() + lease);

    /// <summary>
    /// False when some row was not claimed for this relay (committed before it started) or the relay
    /// is that far behind: those rows are left to the sweep, at once or when their claim expires.
    /// </summary>
    internal bool TryPublish(IEnumerable<OutboxMessage> committed)
    {
        var all = true;
        foreach (var row in committed) all &= row.ClaimToken == Token && _rows.Writer.TryWrite(row);
        return all;
    }

    internal void Close() => _rows.Writer.TryComplete();
}
