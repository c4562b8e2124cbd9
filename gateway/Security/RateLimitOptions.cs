namespace Coordination.Gateway.Security;

/// <summary>Calls per client per window; a client named under Clients gets its own figures.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public int PermitLimit { get; set; } = 200;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    public Dictionary<string, ClientRateLimit> Clients { get; set; } = new();

    public (int PermitLimit, TimeSpan Window) For(string client) =>
        Clients.TryGetValue(client, out var own) ? (own.PermitLimit ?? PermitLimit, own.Window ?? Window) : (PermitLimit, Window);
}
