namespace Coordination.Gateway.Security;

public sealed class TokenServerOptions
{
    public const string Section = "TokenServer";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>DEVELOPMENT ONLY: clients seeded at start (one per role), from appsettings.Development.json.</summary>
    public List<ClientDefinition> DevelopmentClients { get; set; } = [];

    /// <summary>
    /// Whether Development seeds them. Hashing a secret is deliberately slow (PBKDF2), so test suites
    /// that mint their own tokens switch it off rather than pay for it at every start.
    /// </summary>
    public bool SeedDevelopmentClients { get; set; } = true;
}
