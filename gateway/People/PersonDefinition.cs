namespace Coordination.Gateway.People;

/// <summary>A person account as configuration describes it (development accounts).</summary>
public sealed class PersonDefinition
{
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string[] Roles { get; set; } = [];

    public string[] Permissions { get; set; } = [];

    public string[] Regions { get; set; } = [];
}
