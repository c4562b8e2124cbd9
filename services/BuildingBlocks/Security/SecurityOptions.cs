using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.BuildingBlocks.Security;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>The token server's issuer; every host accepts tokens of this issuer only.</summary>
    public string Issuer { get; set; } = "https://gateway.coordination.local/";

    /// <summary>The audience every access token carries and every host requires.</summary>
    public string Audience { get; set; } = "coordination";

    /// <summary>PEM of the RSA public key that validates tokens (every host). Development: the published development key.</summary>
    public string? SigningPublicKey { get; set; }

    /// <summary>PEM of the RSA private key that signs tokens (the token host only). Development: the published development key.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Tolerance for clocks that disagree between the token host and the services.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the route/role matrix lives, relative to the application's folder unless absolute.</summary>
    public string AccessPolicyFile { get; set; } = "access-policy.json";

    internal static RsaSecurityKey KeyFromPem(string pem, string setting)
    {
        var rsa = RSA.Create();
        try { rsa.ImportFromPem(pem); }
        catch (ArgumentException e) { throw new InvalidOperationException($"{setting} is not a PEM-encoded RSA key.", e); }
        return new RsaSecurityKey(rsa) { KeyId = KeyId(rsa) };
    }

    /// <summary>The key id is derived from the public key, so the token host and the services agree on it.</summary>
    private static string KeyId(RSA rsa) =>
        Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];

    internal static bool IsDevelopmentKey(string pem)
    {
        using var development = RSA.Create();
        development.ImportFromPem(DevelopmentSigningKey.PrivateKeyPem);
        using var other = RSA.Create();
        other.ImportFromPem(pem);
        return development.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(other.ExportSubjectPublicKeyInfo());
    }
}

/// <summary>The claims of the suite's access tokens and the roles of the route/role matrix.</summary>
public static class SecurityClaims
{
    public const string Subject = "sub";
    public const string ClientId = "client_id";
    public const string Role = "role";
    public const string EnterpriseId = "enterprise_id";
    public const string Permission = "permission";

    /// <summary>The permission to see national ID numbers and names in clear.</summary>
    public const string UnmaskedPersonalData = "personal-data:unmasked";
}

public static class Roles
{
    public const string DepartmentIndustry = "department-industry";
    public const string DepartmentEducation = "department-education";
    public const string DepartmentMedical = "department-medical";
    public const string Coordinator = "coordinator";
    public const string Enterprise = "enterprise";
    public const string Auditor = "auditor";

    public static readonly IReadOnlyList<string> All = [DepartmentIndustry, DepartmentEducation, DepartmentMedical, Coordinator, Enterprise, Auditor];
}
