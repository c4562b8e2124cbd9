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
