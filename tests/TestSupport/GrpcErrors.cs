using Google.Rpc;
using Grpc.Core;

namespace Coordination.TestSupport;

public static class GrpcErrors
{
    /// <summary>The google.rpc.BadRequest field violations carried by an InvalidArgument status.</summary>
    public static IReadOnlyList<BadRequest.Types.FieldViolation> FieldViolations(this RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.ToList() ?? [];
}
