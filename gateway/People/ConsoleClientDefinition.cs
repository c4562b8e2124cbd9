namespace Coordination.Gateway.People;

/// <summary>The coordination console: a public client (no secret) that signs people in by code + PKCE.</summary>
public sealed class ConsoleClientDefinition
{
    public string ClientId { get; set; } = "coordination-console";

    public string[] RedirectUris { get; set; } = [];
}
