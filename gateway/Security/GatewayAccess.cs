using Coordination.BuildingBlocks.Security;
using Grpc.Core;

namespace Coordination.Gateway.Security;

public static class GatewayAccess
{
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>For the gateway's own endpoints: null when allowed, else the 401/403 to return.</summary>
    public static IResult? Deny(HttpContext context, AccessPolicy policy, string method) =>
        policy.Decide(method, context.User) switch
        {
            AccessDecision.Unauthenticated => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid access token is required."),
            AccessDecision.Forbidden => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The caller's roles do not allow this call."),
            _ => null,
        };

    /// <summary>
    /// gRPC callers get a trailers-only response with the status (Unauthenticated, PermissionDenied,
    /// ResourceExhausted, ...); REST callers the HTTP status with problem details.
    /// </summary>
    public static async Task WriteErrorAsync(HttpContext context, bool grpc, StatusCode code, int httpStatus, string message)
    {
        if (code == StatusCode.Unauthenticated) context.Response.Headers.WWWAuthenticate = "Bearer";
        if (grpc)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)code).ToString();
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return;
        }
        context.Response.StatusCode = httpStatus;
        await context.Response.WriteAsJsonAsync(new { title = message, status = httpStatus, grpcStatus = code.ToString() },
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
