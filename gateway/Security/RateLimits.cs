using System.Threading.RateLimiting;
using Coordination.BuildingBlocks.Security;
using Grpc.Core;
using Yarp.ReverseProxy.Configuration;

namespace Coordination.Gateway.Security;

/// <summary>
/// ASP.NET Core rate limiting, one fixed window per client id (from the validated token; an
/// anonymous caller by its address), on every proxied route: one client over its limit gets
/// ResourceExhausted / 429 and the others go on.
/// </summary>
public static class RateLimits
{
    public const string PolicyName = "per-client";

    public static WebApplicationBuilder AddGatewayRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new();
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section));
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(PolicyName, context =>
            {
                var client = context.User.IsAuthenticated() && context.User.ClientId() is { } id
                    ? id
                    : "anonymous:" + context.Connection.RemoteIpAddress;
                var (permits, window) = options.For(client);
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = async (rejected, _) =>
            {
                var context = rejected.HttpContext;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString();
                await GatewayAccess.WriteErrorAsync(context, GatewayAccess.IsGrpc(context.Request), StatusCode.ResourceExhausted,
                    StatusCodes.Status429TooManyRequests, "Too many calls from this client; try again shortly.");
            };
        });
        return builder;
    }

    /// <summary>Every proxied route gets the per-client policy, so a route added to the configuration cannot forget it.</summary>
    public sealed class OnEveryRoute : IProxyConfigFilter
    {
        public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => ValueTask.FromResult(cluster);

        public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
            ValueTask.FromResult(route.RateLimiterPolicy is null ? route with { RateLimiterPolicy = PolicyName } : route);
    }
}
