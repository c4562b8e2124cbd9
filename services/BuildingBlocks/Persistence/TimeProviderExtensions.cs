namespace Coordination.BuildingBlocks.Persistence;

public static class TimeProviderExtensions
{
    /// <summary>
    /// Now, in UTC, to the microsecond: PostgreSQL keeps no finer time, so a value returned to a
    /// caller equals the one read back later on every provider.
    /// </summary>
    public static DateTime GetUtcDateTime(this TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
