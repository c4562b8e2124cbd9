using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Coordination.BuildingBlocks.Security;

/// <summary>
/// Enforces the route/role matrix on every gRPC call, JSON-transcoded REST calls included (they
/// reach the same methods). A service judges every caller, even one inside the network: the gateway
/// is not the only line of defence.
/// </summary>
public sealed class AccessPolicyInterceptor(AccessPolicy policy) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        switch (policy.Decide(CanonicalMethod(context), context.User()))
        {
            case AccessDecision.Unauthenticated:
                throw new RpcException(new Status(StatusCode.Unauthenticated, "A valid access token is required."));
            case AccessDecision.Forbidden:
                throw new RpcException(new Status(StatusCode.PermissionDenied, "The caller's roles do not allow this call."));
        }
    }

    /// <summary>
    /// The method the endpoint really is, from its metadata: routing finds a method whatever the case
    /// of its name, so the raw path ("…/flagRegionDisaster") must never be what the matrix judges.
    /// </summary>
    public static string CanonicalMethod(ServerCallContext context) =>
        context.GetHttpContext().GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName ?? context.Method;
}
