namespace Coordination.Gateway.Security;

/// <summary>
/// Calls per client per window on proxied routes (a client named under Clients gets its own
/// figures), and the front door's limits, applied before any authentication: token requests per
/// client id and per address, anonymous calls per method and address.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public int PermitLimit { get; set; } = 200;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    public Dictionary<string, ClientRateLimit> Clients { get; set; } = new();

    /// <summary>Every token request costs a PBKDF2 check of the secret: a few per minute is all a client needs.</summary>
    public RateLimit TokenPerClient { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    public RateLimit TokenPerAddress { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>An anonymous method's calls per address, unless <see cref="AnonymousMethods"/> names the method.</summary>
    public RateLimit Anonymous { get; set; } = new() { PermitLimit = 50, Window = TimeSpan.FromSeconds(1) };

    /// <summary>Per canonical method name; enterprise self-registration gets a low default in appsettings.json.</summary>
    public Dictionary<string, RateLimit> AnonymousMethods { get; set; } = new();

    public (int PermitLimit, TimeSpan Window) For(string client) =>
        Clients.TryGetValue(client, out var own) ? (own.PermitLimit ?? PermitLimit, own.Window ?? Window) : (PermitLimit, Window);

    public RateLimit ForAnonymous(string method) => AnonymousMethods.GetValueOrDefault(method) ?? Anonymous;
}
