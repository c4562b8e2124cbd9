using Microsoft.AspNetCore.Identity;

namespace Coordination.Gateway.People;

/// <summary>
/// A person who signs in (authorization code flow). Its tokens carry the same claims a client's do,
/// from these columns, so every service judges a person exactly as it judges a client.
/// </summary>
public sealed class PersonAccount : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    public List<string> Permissions { get; set; } = [];

    /// <summary>The region prefixes served, or "*" for the whole country; none serves no region.</summary>
    public List<string> Regions { get; set; } = [];

    /// <summary>A disabled account cannot sign in, nor refresh its tokens.</summary>
    public bool Enabled { get; set; } = true;
}
