using System.Collections.Immutable;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Coordination.BuildingBlocks.Security;
using Coordination.Gateway.Data;
using Microsoft.AspNetCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Coordination.Gateway.Security;

/// <summary>
/// OAuth2 client credentials (OpenIddict) in the gateway: clients and their hashed secrets in the
/// gateway's database, RS256 JWT access tokens (not encrypted) that every host validates with the
/// configured public key, without calling back.
/// </summary>
public static class TokenServer
{
    public const string TokenPath = "/connect/token";

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
                o.AllowClientCredentialsFlow();
                o.SetIssuer(new Uri(security.Issuer));
                o.AddSigningKey(signingKey);
                // Access tokens are signed JWTs the services read themselves; nothing else is issued,
                // so the encryption key OpenIddict requires encrypts nothing that outlives the process.
                o.AddEphemeralEncryptionKey();
                o.DisableAccessTokenEncryption();
                o.SetAccessTokenLifetime(options.AccessTokenLifetime);
                // Client-credentials tokens are short-lived and never revoked one by one: no token rows.
                o.DisableTokenStorage();
                // TLS ends in front of the gateway (or the suite runs on loopback); the server must not insist on https.
                o.UseAspNetCore().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        if (builder.Environment.IsDevelopment() && options.SeedDevelopmentClients)
        {
            builder.Services.AddSingleton(options);
            builder.Services.AddHostedService<DevelopmentClientSeeder>();
        }
        else if (!builder.Environment.IsDevelopment() && !EF.IsDesignTime)
            builder.Services.AddHostedService<DevelopmentClientGuard>();
        return builder;
    }

    public static void MapTokenEndpoint(WebApplication app) =>
        app.MapPost(TokenPath, async (HttpContext http, IOpenIddictApplicationManager applications, SecurityOptionsHolder holder) =>
        {
            // OpenIddict has already authenticated the client (id and secret) and the grant type.
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            var application = await applications.FindByClientIdAsync(request.ClientId!) ?? throw new InvalidOperationException("The client vanished.");
            var properties = await applications.GetPropertiesAsync(application);
            var security = holder.Options;

            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId);
            identity.SetClaims(Claims.Role, Strings(properties, RolesProperty));
            identity.SetClaims(SecurityClaims.Permission, Strings(properties, PermissionsProperty));
            identity.SetClaims(SecurityClaims.Region, Strings(properties, RegionsProperty));
            if (properties.TryGetValue(EnterpriseProperty, out var enterprise) && enterprise.ValueKind == JsonValueKind.String)
                identity.SetClaim(SecurityClaims.EnterpriseId, enterprise.GetString());
            identity.SetAudiences(security.Audience);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

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
