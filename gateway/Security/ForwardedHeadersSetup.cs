using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Coordination.Gateway.Security;

/// <summary>
/// X-Forwarded-For and -Proto are believed only from the proxies configured under
/// ForwardedHeaders:KnownProxies: the client address keys the rate limits, and ASP.NET's default
/// (trust loopback) would let any local caller name itself. With none configured nothing is believed.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders:KnownProxies";

    public static WebApplicationBuilder AddForwardedHeadersFromKnownProxies(this WebApplicationBuilder builder)
    {
        var proxies = builder.Configuration.GetSection(Section).Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in proxies)
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new InvalidOperationException($"{Section}: '{proxy}' is not an IP address."));
        });
        return builder;
    }

    public static WebApplication UseForwardedHeadersFromKnownProxies(this WebApplication app)
    {
        if (app.Configuration.GetSection(Section).Get<string[]>() is { Length: > 0 }) app.UseForwardedHeaders();
        return app;
    }
}
