using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.BuildingBlocks.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// Every host's side of security: JWT bearer validation against the configured issuer, audience
    /// and signing key (no call to the token server, so a service validates while it is down) and
    /// the route/role matrix. The gRPC interceptor that enforces it is added by AddServiceDefaults.
    /// </summary>
    public static WebApplicationBuilder AddServiceSecurity(this WebApplicationBuilder builder)
    {
        builder.AddAccessPolicy();
        builder.AddTokenValidation();
        builder.Services.AddHttpContextAccessor();
        return builder;
    }

    /// <summary>Loads access-policy.json underneath the host's own configuration, so environment variables can still override an entry.</summary>
    public static WebApplicationBuilder AddAccessPolicy(this WebApplicationBuilder builder)
    {
        var file = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>()?.AccessPolicyFile ?? "access-policy.json";
        var path = Path.IsPathRooted(file) ? file : Path.Combine(AppContext.BaseDirectory, file);
        var source = new JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        builder.Configuration.Sources.Insert(0, source);
        builder.Services.AddOptions<AccessPolicyOptions>().Bind(builder.Configuration.GetSection(AccessPolicyOptions.Section));
        builder.Services.AddSingleton<AccessPolicy>();
        return builder;
    }

    public static WebApplicationBuilder AddTokenValidation(this WebApplicationBuilder builder)
    {
        var options = SecurityOptionsOf(builder);
        var pem = options.SigningPublicKey ?? options.SigningKey ?? DevelopmentKeyOr(builder, "Security:SigningPublicKey");
        RefuseDevelopmentKeyOutsideDevelopment(builder, pem, "Security:SigningPublicKey");
        var key = SecurityOptions.KeyFromPem(pem, "Security:SigningPublicKey");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            // Keep the token's own claim names (role, sub, client_id) rather than the WS-* URIs.
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                IssuerSigningKey = key,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                NameClaimType = SecurityClaims.Subject,
                RoleClaimType = SecurityClaims.Role,
                ClockSkew = options.ClockSkew,
                RequireExpirationTime = true,
            };
        });
        return builder;
    }

    public static SecurityOptions SecurityOptionsOf(WebApplicationBuilder builder) =>
        builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new();

    /// <summary>The development key in Development; anywhere else a missing key, or the development key itself, stops the host.</summary>
    public static string DevelopmentKeyOr(WebApplicationBuilder builder, string setting)
    {
        // `dotnet ef` builds the host outside Development to find the DbContexts; it serves nothing.
        if (builder.Environment.IsDevelopment() || EF.IsDesignTime) return DevelopmentSigningKey.PrivateKeyPem;
        throw new InvalidOperationException($"{setting} must be configured outside Development.");
    }

    internal static void RefuseDevelopmentKeyOutsideDevelopment(WebApplicationBuilder builder, string pem, string setting)
    {
        if (!builder.Environment.IsDevelopment() && !EF.IsDesignTime && SecurityOptions.IsDevelopmentKey(pem))
            throw new InvalidOperationException($"{setting} is the published development key; it is refused outside Development.");
    }

    public static RsaSecurityKey SigningKey(WebApplicationBuilder builder)
    {
        var options = SecurityOptionsOf(builder);
        var pem = options.SigningKey ?? DevelopmentKeyOr(builder, "Security:SigningKey");
        RefuseDevelopmentKeyOutsideDevelopment(builder, pem, "Security:SigningKey");
        return SecurityOptions.KeyFromPem(pem, "Security:SigningKey");
    }

    public static WebApplication UseServiceSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        return app;
    }
}
