using System.Net.Http.Headers;
using System.Security.Cryptography;
using Coordination.BuildingBlocks.Security;
using Grpc.Net.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.TestSupport;

/// <summary>
/// Who a test calls as. The default is a broad test caller holding every role (but not the
/// permission to see ID numbers unmasked), so tests of a service's behaviour need not care about
/// security; a test about security asks for a specific caller.
/// </summary>
public sealed record TestCaller(string ClientId, IReadOnlyList<string> Roles, Guid? EnterpriseId = null, IReadOnlyList<string>? Permissions = null)
{
    /// <summary>The region claims; nation-wide unless a test bounds the caller (enterprises: none, they are bounded by ownership).</summary>
    public IReadOnlyList<string> Regions { get; init; } = EnterpriseId is null ? [RegionScope.NationWide] : [];

    public static TestCaller Broad { get; } = new("test-suite", BuildingBlocks.Security.Roles.All);

    public static TestCaller WithRoles(params string[] roles) => new("test-" + string.Join("-", roles), roles);

    public static TestCaller Enterprise(Guid enterpriseId, string? clientId = null) =>
        new(clientId ?? $"enterprise-{enterpriseId:N}", [BuildingBlocks.Security.Roles.Enterprise], enterpriseId);

    public TestCaller WithPermission(string permission) => this with { Permissions = [.. Permissions ?? [], permission] };

    /// <summary>The same caller serving only these region prefixes (none: no region at all).</summary>
    public TestCaller InRegions(params string[] prefixes) => this with { ClientId = ClientId + "-" + (prefixes.Length == 0 ? "nowhere" : string.Join("-", prefixes)), Regions = prefixes };

    public TestCaller Unmasked() => WithPermission(SecurityClaims.UnmaskedPersonalData);
}

/// <summary>
/// Access tokens as the gateway's token server issues them (RS256 JWT, the suite's issuer and
/// audience), signed here with the published development key that every host accepts in
/// Development, so in-memory tests need no token server.
/// </summary>
public static class TestTokens
{
    private static readonly Lazy<RsaSecurityKey> DevelopmentKey = new(() =>
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(DevelopmentSigningKey.PrivateKeyPem);
        return new RsaSecurityKey(rsa);
    });

    public static string For(TestCaller caller, TimeSpan? lifetime = null, string? audience = null, string? issuer = null, RsaSecurityKey? key = null, DateTime? now = null)
    {
        var defaults = new SecurityOptions();
        var issuedAt = now ?? DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            [SecurityClaims.Subject] = caller.ClientId,
            [SecurityClaims.ClientId] = caller.ClientId,
            [SecurityClaims.Role] = caller.Roles.ToArray(),
        };
        if (caller.EnterpriseId is { } enterprise) claims[SecurityClaims.EnterpriseId] = enterprise.ToString();
        if (caller.Permissions is { Count: > 0 } permissions) claims[SecurityClaims.Permission] = permissions.ToArray();
        if (caller.Regions.Count > 0) claims[SecurityClaims.Region] = caller.Regions.ToArray();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? defaults.Issuer,
            Audience = audience ?? defaults.Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromHours(12)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? DevelopmentKey.Value, SecurityAlgorithms.RsaSha256),
            TokenType = "at+jwt",
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>A token that expired an hour ago.</summary>
    public static string Expired(TestCaller caller) => For(caller, TimeSpan.FromHours(1), now: DateTime.UtcNow.AddHours(-2));

    /// <summary>A gRPC channel whose every call carries the token.</summary>
    public static GrpcChannel Channel(Uri address, string? token, HttpMessageHandler? inner = null) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new BearerHandler(token, inner ?? new SocketsHttpHandler()) });

    public static HttpClient Http(Uri address, string? token, HttpMessageHandler? inner = null) =>
        new(new BearerHandler(token, inner ?? new SocketsHttpHandler())) { BaseAddress = address };
}

/// <summary>Adds "Authorization: Bearer ..." to every request (none when the token is null: an anonymous caller).</summary>
public sealed class BearerHandler(string? token, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (token is not null && request.Headers.Authorization is null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// A signing key made for this run, for hosts that do not run as Development (the benchmarks) and
/// therefore refuse the published development key: give them <see cref="PublicKeyPem"/> as
/// Security:SigningPublicKey and sign tokens with <see cref="Key"/>.
/// </summary>
public static class RunSigningKey
{
    private static readonly RSA Rsa = RSA.Create(2048);

    public static RsaSecurityKey Key { get; } = new(Rsa);

    public static string PublicKeyPem { get; } = Rsa.ExportSubjectPublicKeyInfoPem();
}
