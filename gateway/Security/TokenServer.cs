using System.Collections.Immutable;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Coordination.BuildingBlocks.Security;
using Coordination.Gateway.Data;
using Coordination.Gateway.People;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Coordination.Gateway.Security;

/// <summary>
/// OAuth2 (OpenIddict) in the gateway: client credentials for clients (hashed secrets in the gateway's
/// database) and the authorization code flow with PKCE and refresh tokens for people (accounts in the
/// same database). Access tokens are RS256 JWTs (not encrypted) that every host validates with the
/// configured public key, without calling back, and carry the same claims for a person as for a client.
/// </summary>
public static class TokenServer
{
    public const string TokenPath = "/connect/token";
    public const string AuthorizationPath = "/connect/authorize";

    // Stored with the OpenIddict application: what its tokens say about it.
    private const string RolesProperty = "roles";
    private const string PermissionsProperty = "permissions";
    private const string RegionsProperty = "regions";
    private const string EnterpriseProperty = "enterprise_id";

    public static WebApplicationBuilder AddTokenServer(this WebApplicationBuilder builder)
    {
        var security = SecurityExtensions.SecurityOptionsOf(builder);
        var options = builder.Configuration.GetSection(TokenServerOptions.Section).Get<TokenServerOptions>() ?? new();
        var signingKey = SecurityExtensions.SigningKey(builder);
        builder.Services.AddSingleton(new SecurityOptionsHolder(security));
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<GatewayDbContext>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris(TokenPath.TrimStart('/'));
                o.SetAuthorizationEndpointUris(AuthorizationPath.TrimStart('/'));
                o.AllowClientCredentialsFlow();
                // People sign in through a public client (the console): a code is worth nothing without
                // its verifier, and only S256 is accepted (plain would show the verifier to whoever sees the challenge).
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.AllowRefreshTokenFlow();
                o.Configure(server =>
                {
                    server.CodeChallengeMethods.Clear();
                    server.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });
                o.SetRefreshTokenLifetime(options.RefreshTokenLifetime);
                o.SetIssuer(new Uri(security.Issuer));
                o.AddSigningKey(signingKey);
                // Access tokens are signed JWTs the services read themselves. Codes and refresh tokens are
                // encrypted with an ephemeral key: a restart of the gateway makes people sign in again.
                o.AddEphemeralEncryptionKey();
                o.DisableAccessTokenEncryption();
                o.SetAccessTokenLifetime(options.AccessTokenLifetime);
                // Token rows are stored so a code is redeemed once and a refresh token is spent when it rolls;
                // client-credentials tokens get rows too (OpenIddict stores every token or none).
                // TLS ends in front of the gateway (or the suite runs on loopback); the server must not insist on https.
                o.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        if (builder.Environment.IsDevelopment() && options.SeedDevelopmentClients)
        {
            builder.Services.AddSingleton(options);
            builder.Services.AddHostedService<DevelopmentClientSeeder>();
            builder.Services.AddHostedService<DevelopmentPeopleSeeder>();
        }
        else if (!builder.Environment.IsDevelopment() && !EF.IsDesignTime)
            builder.Services.AddHostedService<DevelopmentClientGuard>();
        return builder;
    }

    public static void MapTokenEndpoint(WebApplication app) =>
        app.MapPost(TokenPath, async (HttpContext http, IOpenIddictApplicationManager applications, UserManager<PersonAccount> people, SecurityOptionsHolder holder) =>
        {
            // OpenIddict has already authenticated the client (id and secret), the grant type and, for a
            // code, its verifier; for a code or a refresh token it hands over the principal it carries.
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
                return await PersonTokenAsync(http, people, holder.Options.Audience);

            var application = await applications.FindByClientIdAsync(request.ClientId!) ?? throw new InvalidOperationException("The client vanished.");
            var properties = await applications.GetPropertiesAsync(application);
            var enterprise = properties.TryGetValue(EnterpriseProperty, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var identity = AccessIdentity(request.ClientId!, Strings(properties, RolesProperty), Strings(properties, PermissionsProperty),
                Strings(properties, RegionsProperty), enterprise, holder.Options.Audience);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

    /// <summary>
    /// A person's tokens are rebuilt from the account at every grant: a role taken away or a disabled
    /// account counts at the next refresh, not when the refresh token expires.
    /// </summary>
    private static async Task<IResult> PersonTokenAsync(HttpContext http, UserManager<PersonAccount> people, string audience)
    {
        var carried = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var account = carried.Principal?.GetClaim(Claims.Subject) is { } id ? await people.FindByIdAsync(id) : null;
        if (account is not { Enabled: true })
            return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidGrant,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The account is disabled or no longer exists.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        var identity = AccessIdentity(account.Id, [.. account.Roles], [.. account.Permissions], [.. account.Regions], null, audience);
        identity.SetScopes(carried.Principal!.GetScopes());
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The claims of every access token, a client's or a person's: the services judge both alike.</summary>
    public static ClaimsIdentity AccessIdentity(string subject, ImmutableArray<string> roles, ImmutableArray<string> permissions,
        ImmutableArray<string> regions, string? enterpriseId, string audience)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject);
        identity.SetClaims(Claims.Role, roles);
        identity.SetClaims(SecurityClaims.Permission, permissions);
        identity.SetClaims(SecurityClaims.Region, regions);
        if (enterpriseId is not null) identity.SetClaim(SecurityClaims.EnterpriseId, enterpriseId);
        identity.SetAudiences(audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return identity;
    }

    private static ImmutableArray<string> Strings(ImmutableDictionary<string, JsonElement> properties, string name) =>
        properties.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
            : [];

    /// <summary>A confidential client allowed the client-credentials grant, with the roles and regions its tokens carry.</summary>
    public static OpenIddictApplicationDescriptor Describe(ClientDefinition client)
    {
        if (client.Regions.FirstOrDefault(r => !RegionScope.IsValidClaim(r)) is { } invalid)
            throw new InvalidOperationException($"Client {client.ClientId}: region '{invalid}' is neither a region prefix (2, 4, 6, 9 or 12 digits) nor \"{RegionScope.NationWide}\".");
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = client.ClientId,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        };
        descriptor.Properties[RolesProperty] = JsonSerializer.SerializeToElement(client.Roles);
        descriptor.Properties[PermissionsProperty] = JsonSerializer.SerializeToElement(client.Permissions);
        descriptor.Properties[RegionsProperty] = JsonSerializer.SerializeToElement(client.Regions);
        if (client.EnterpriseId is { } enterprise) descriptor.Properties[EnterpriseProperty] = JsonSerializer.SerializeToElement(enterprise.ToString());
        return descriptor;
    }

    /// <summary>A secret of 256 random bits, shown once to the client and stored only as OpenIddict's hash.</summary>
    public static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
