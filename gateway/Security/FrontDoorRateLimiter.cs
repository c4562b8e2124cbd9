using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.RateLimiting;
using Coordination.BuildingBlocks.Security;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Coordination.Gateway.Security;

/// <summary>
/// Limits what anyone may call without a token, before authentication runs, so a flood costs a
/// counter rather than a PBKDF2 check or a service call: token requests per client id and per
/// address (both must have a permit), anonymous methods per method and address.
/// </summary>
public sealed class FrontDoorRateLimiter(RequestDelegate next, IOptions<RateLimitOptions> options, AccessPolicy policy, RestRoutes routes)
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(LimitOf(key, options.Value))));

    public async Task InvokeAsync(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var keys = await KeysAsync(context, address);
        if (keys.Count == 0)
        {
            await next(context);
            return;
        }
        var leases = new List<RateLimitLease>(keys.Count);
        try
        {
            foreach (var key in keys)
            {
                var lease = _limiter.AttemptAcquire(key);
                leases.Add(lease);
                if (lease.IsAcquired) continue;
                if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString();
                await GatewayAccess.WriteErrorAsync(context, GatewayAccess.IsGrpc(context.Request), StatusCode.ResourceExhausted,
                    StatusCodes.Status429TooManyRequests, "Too many calls from this address or client; try again later.");
                return;
            }
        }
        finally
        {
            foreach (var lease in leases) lease.Dispose();
        }
        await next(context);
    }

    /// <summary>The partitions a call draws on: "token-client|id", "token-address|ip", "anonymous|method|ip"; none for other calls.</summary>
    private async Task<List<string>> KeysAsync(HttpContext context, string address)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals(TokenServer.TokenPath, StringComparison.OrdinalIgnoreCase))
            // Every person signs in through the one console client, and its grants check no secret:
            // counted per address only, or one busy office would lock everyone out.
            return await IsPersonGrantAsync(request)
                ? ["token-address|" + address]
                : ["token-address|" + address, "token-client|" + await ClientIdAsync(request)];
        // A login attempt costs a PBKDF2 check like a token request: the same per-address budget.
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals(People.LoginPage.Path, StringComparison.OrdinalIgnoreCase))
            return ["token-address|" + address];
        var path = request.Path.Value ?? "/";
        var method = GatewayAccess.IsGrpc(request) ? routes.GrpcMethod(path) : routes.Find(request.Method, path);
        return method is not null && policy.IsAnonymous(method) ? ["anonymous|" + method + "|" + address] : [];
    }

    private static async Task<bool> IsPersonGrantAsync(HttpRequest request)
    {
        if (!request.HasFormContentType) return false;
        try
        {
            var grant = (await request.ReadFormAsync(request.HttpContext.RequestAborted))["grant_type"].ToString();
            return grant is "authorization_code" or "refresh_token";
        }
        catch (InvalidDataException) { return false; }
    }

    /// <summary>The client id the request claims (form field or Basic credentials), unverified: only a partition key.</summary>
    private static async Task<string> ClientIdAsync(HttpRequest request)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } encoded)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                return WebUtility.UrlDecode(pair.Split(':', 2)[0]);
            }
            catch (FormatException) { return ""; }
        }
        if (!request.HasFormContentType) return "";
        try
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return form["client_id"].ToString();
        }
        catch (InvalidDataException) { return ""; } // a malformed or oversized form: the token server refuses it
    }

    private static RateLimit LimitOf(string key, RateLimitOptions options) => key.Split('|') switch
    {
        ["token-client", ..] => options.TokenPerClient,
        ["token-address", ..] => options.TokenPerAddress,
        [_, var method, ..] => options.ForAnonymous(method),
        _ => options.Anonymous,
    };

    private static FixedWindowRateLimiterOptions Window(RateLimit limit) =>
        new() { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0, AutoReplenishment = true };
}
