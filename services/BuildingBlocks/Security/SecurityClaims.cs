namespace Coordination.BuildingBlocks.Security;

/// <summary>The claims of the suite's access tokens and the roles of the route/role matrix.</summary>
public static class SecurityClaims
{
    public const string Subject = "sub";
    public const string ClientId = "client_id";
    public const string Role = "role";
    public const string EnterpriseId = "enterprise_id";
    public const string Permission = "permission";

    /// <summary>A region prefix the caller serves, or "*" for the whole country (<see cref="RegionScope"/>).</summary>
    public const string Region = "region";

    /// <summary>The permission to see national ID numbers and names in clear.</summary>
    public const string UnmaskedPersonalData = "personal-data:unmasked";
}
