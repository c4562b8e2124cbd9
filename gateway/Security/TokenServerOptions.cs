using Coordination.Gateway.People;

namespace Coordination.Gateway.Security;

public sealed class TokenServerOptions
{
    public const string Section = "TokenServer";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a person stays signed in without entering the password again (a working day).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(10);

    /// <summary>DEVELOPMENT ONLY: clients seeded at start (one per role), from appsettings.Development.json.</summary>
    public List<ClientDefinition> DevelopmentClients { get; set; } = [];

    /// <summary>DEVELOPMENT ONLY: person accounts seeded at start, from appsettings.Development.json.</summary>
    public List<PersonDefinition> DevelopmentPeople { get; set; } = [];

    /// <summary>DEVELOPMENT ONLY: the console's public client (authorization code + PKCE), seeded at start.</summary>
    public ConsoleClientDefinition? DevelopmentConsole { get; set; }

    /// <summary>
    /// Whether Development seeds them. Hashing a secret is deliberately slow (PBKDF2), so test suites
    /// that mint their own tokens switch it off rather than pay for it at every start.
    /// </summary>
    public bool SeedDevelopmentClients { get; set; } = true;
}
