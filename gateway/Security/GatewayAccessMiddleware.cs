using Coordination.BuildingBlocks.Security;
using Coordination.Gateway.Audit;
using Grpc.Core;

namespace Coordination.Gateway.Security;

/// <summary>
/// The gateway's judgement of every proxied call, before it reaches a service: which gRPC method it
/// is (a REST call by the method its JSON transcoding reaches), whether the caller's token and roles
/// allow it by the route/role matrix, and, once answered, the audit of writes, unmasked reads,
/// look-ups by ID number and refused calls.
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
                await audit.RecordAsync(context, AuditEntry.Denied, method, grpc);
                return;
            case AccessDecision.Forbidden:
                await GatewayAccess.WriteErrorAsync(context, grpc, StatusCode.PermissionDenied, StatusCodes.Status403Forbidden, "The caller's roles do not allow this call.");
                await audit.RecordAsync(context, AuditEntry.Denied, method, grpc);
                return;
        }

        await next(context);

        var kind = AuditLog.WasDenied(context, grpc) ? AuditEntry.Denied
            : context.Response.Headers[AuditHeaders.Name] == AuditHeaders.UnmaskedRead ? AuditEntry.UnmaskedRead
            : policy.IsAuditedRead(method) ? AuditEntry.Lookup
            : !policy.IsRead(method) ? AuditEntry.Write
            : null;
        if (kind is not null) await audit.RecordAsync(context, kind, method, grpc);
    }
}
