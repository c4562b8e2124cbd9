using System.Diagnostics;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Grpc;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Gateway.Data;
using Coordination.Gateway.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Gateway.Audit;

/// <summary>
/// The suite's audit log, kept at the gateway: every call is judged here, so every write, every
/// unmasked read (marked by the households service's response), every look-up by ID number and every
/// refused call is recorded in one place, queryable by auditors. The households service keeps, beside it, which persons each unmasked read showed.
/// </summary>
public sealed class AuditLog(GatewayDbContext db, TimeProvider time)
{
    public async Task RecordAsync(HttpContext context, string kind, string method, bool grpc)
    {
        var user = context.User;
        db.AuditEntries.Add(new AuditEntry
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            At = time.GetUtcDateTime(),
            Kind = kind,
            ClientId = user.ClientId() ?? "anonymous",
            Subject = user.Subject() ?? "",
            Method = method,
            Transport = grpc ? "grpc" : "rest",
            Outcome = grpc ? GrpcOutcome(context) : context.Response.StatusCode.ToString(),
            TraceId = Activity.Current?.TraceId.ToHexString() ?? "",
            Record = context.Response.Headers[AuditHeaders.Record].ToString() is { Length: <= 200 } record ? record : "",
        });
        // The caller may have gone; the record must not go with it.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Whether the service refused the call for the caller's token, roles or region scope.</summary>
    public static bool WasDenied(HttpContext context, bool grpc) =>
        grpc ? GrpcOutcome(context) is nameof(StatusCode.PermissionDenied) or nameof(StatusCode.Unauthenticated)
             : context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden;

    /// <summary>grpc-status from the trailers, or from the headers of a trailers-only response.</summary>
    private static string GrpcOutcome(HttpContext context)
    {
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        var status = trailers?["grpc-status"].ToString() is { Length: > 0 } t ? t : context.Response.Headers["grpc-status"].ToString();
        return int.TryParse(status, out var code) ? ((StatusCode)code).ToString() : $"HTTP {context.Response.StatusCode}";
    }

    public static void MapAuditLog(WebApplication app) =>
        app.MapGet("/api/v1/gateway/audit/entries", async (HttpContext http, AccessPolicy policy, GatewayDbContext db,
            string? clientId, string? kind, DateTime? since, int? pageSize, string? pageToken) =>
        {
            if (GatewayAccess.Deny(http, policy, GatewayMethods.ListAuditEntries) is { } denied) return denied;
            // Paged like every list call of the suite (KeysetPage), newest first.
            var v = new Validation();
            var page = KeysetPage.Read(v, pageSize ?? 0, pageToken ?? "", keyParts: 2);
            var (afterAt, afterId) = (page.Utc(0), page.Guid(1));
            if (!v.IsValid)
                return Results.ValidationProblem(v.Violations.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Description).ToArray()));
            var query = db.AuditEntries.AsNoTracking();
            if (!string.IsNullOrEmpty(clientId)) query = query.Where(e => e.ClientId == clientId);
            if (!string.IsNullOrEmpty(kind)) query = query.Where(e => e.Kind == kind);
            if (since is { } s) query = query.Where(e => e.At >= s.ToUniversalTime());
            if (!page.IsFirst) query = query.Where(e => e.At < afterAt || (e.At == afterAt && e.Id.CompareTo(afterId) < 0));
            var (entries, next) = await page.ToPageAsync(query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id),
                e => [KeysetPage.Key(e.At), e.Id.ToString()], http.RequestAborted);
            return Results.Ok(new { entries, nextPageToken = next });
        });
}
