namespace Coordination.Gateway.Security;

/// <summary>A client of the token server as configuration describes it (development clients).</summary>
public sealed class ClientDefinition
{
    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    public string[] Roles { get; set; } = [];

    public string[] Permissions { get; set; } = [];

    /// <summary>The region prefixes its holder serves, or "*" for the whole country; none serves no region.</summary>
    public string[] Regions { get; set; } = [];

    public Guid? EnterpriseId { get; set; }
}
