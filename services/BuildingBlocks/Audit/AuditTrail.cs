using System.Diagnostics;
using Coordination.BuildingBlocks.Security;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;

namespace Coordination.BuildingBlocks.Audit;

/// <summary>
/// Who is changing records now: the caller of the gRPC call being served (REST calls reach the same
/// methods). Outside a call (a consumed event, a background job) there is no caller and nothing is
/// audited here: the event's own publisher audited the call that caused it.
/// </summary>
public sealed class AuditTrail(IHttpContextAccessor http, TimeProvider time)
{
    public const string Added = "added";
    public const string Modified = "modified";
    public const string Deleted = "deleted";

    /// <summary>The caller and method of the current call, or null outside one.</summary>
    public (string ClientId, string Subject, string Method)? CurrentCall()
    {
        if (http.HttpContext is not { } context
            || context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc) return null;
        return (context.User.ClientId() ?? "anonymous", context.User.Subject() ?? "", grpc.Method.FullName.TrimStart('/'));
    }

    /// <summary>The rows naming each changed record for the current call; none outside a call.</summary>
    public List<AuditRecord> RecordsFor(IEnumerable<(string Type, string Id, string Change)> changes)
    {
        if (CurrentCall() is not { } call) return [];
        var now = time.GetUtcNow();
        var trace = Activity.Current?.TraceId.ToHexString() ?? "";
        return changes.Select(c => new AuditRecord
        {
            Id = Guid.CreateVersion7(now),
            At = now.UtcDateTime,
            ClientId = Bounded(call.ClientId, 200),
            Subject = Bounded(call.Subject, 200),
            Method = Bounded(call.Method, 200),
            RecordType = c.Type,
            RecordId = Bounded(c.Id, 200),
            Change = c.Change,
            TraceId = trace,
        }).ToList();
    }

    private static string Bounded(string value, int length) => value.Length <= length ? value : value[..length];
}
