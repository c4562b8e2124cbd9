namespace Coordination.Gateway.Security;

/// <summary>A fixed window: so many calls per window.</summary>
public sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
