using Coordination.BuildingBlocks.Security;
using Coordination.Gateway.Audit;
using Grpc.Core;

namespace Coordination.Gateway.Security;

/// <summary>
/// The gateway's judgement of every proxied call, before it reaches a service: which gRPC method it
/// is (a REST call by the method its JSON transcoding reaches), whether the caller's token and roles
/// allow it by the route/role matrix, and, once answered, the audit of writes and unmasked reads.
/// </summary>
public sealed class GatewayAccessMiddleware(RequestDelegate next, AccessPolicy policy, RestRoutes routes)
{
    public async Task InvokeAsync(HttpContext context, AuditLog audit)
    {
        var grpc = GatewayAccess.IsGrpc(context.Request);
        var path = context.Request.Path.Value ?? "/";
        var method = grpc ? routes.GrpcMethod(path) : routes.Find(context.Request.Method, path);
        if (method is null)
        {
            if (!grpc && policy.IsAnonymousPath(path))
            {
                await next(context);
                return;
            }
            // Not a call of the suite's contracts (a gRPC name only by its exact case): nothing behind the gateway serves it.
            await GatewayAccess.WriteErrorAsync(context, grpc, StatusCode.Unimplemented, StatusCodes.Status404NotFound, "No such method.");
            return;
        }

        switch (policy.Decide(method, context.User))
        {
            case AccessDecision.Unauthenticated:
                await GatewayAccess.WriteErrorAsync(context, grpc, StatusCode.Unauthenticated, StatusCodes.Status401Unauthorized, "A valid access token is required.");
                return;
            case AccessDecision.Forbidden:
                await GatewayAccess.WriteErrorAsync(context, grpc, StatusCode.PermissionDenied, StatusCodes.Status403Forbidden, "The caller's roles do not allow this call.");
                return;
        }

        await next(context);

        var unmasked = context.Response.Headers[AuditHeaders.Name] == AuditHeaders.UnmaskedRead;
        if (unmasked) await audit.RecordAsync(context, AuditEntry.UnmaskedRead, method, grpc);
        else if (!policy.IsRead(method)) await audit.RecordAsync(context, AuditEntry.Write, method, grpc);
    }
}

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
