using Coordination.BuildingBlocks.Domain;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Status = Google.Rpc.Status;

namespace Coordination.BuildingBlocks.Grpc;

/// <summary>
/// Turns domain exceptions into the gRPC status model with details, so a caller's mistake is never
/// reported as Unknown, and our own faults never leak their messages. The domain's exceptions
/// (Domain/: ValidationException and its siblings) are the caller's mistakes and the rules they
/// break; anything else is our fault: Internal.
/// </summary>
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (Exception ex) when (ex is not RpcException) { throw Map(ex, context); }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(requestStream, context); }
        catch (Exception ex) when (ex is not RpcException) { throw Map(ex, context); }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(request, responseStream, context); }
        catch (Exception ex) when (ex is not RpcException) { throw Map(ex, context); }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(requestStream, responseStream, context); }
        catch (Exception ex) when (ex is not RpcException) { throw Map(ex, context); }
    }

    private RpcException Map(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case ValidationException v:
                var badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(v.Violations.Select(f =>
                    new BadRequest.Types.FieldViolation { Field = f.Field, Description = f.Description }));
                return ToRpcException(Code.InvalidArgument, v.Message, badRequest);
            case RuleViolationException r:
                var failure = new PreconditionFailure();
                failure.Violations.Add(new PreconditionFailure.Types.Violation { Type = r.Rule, Description = r.Message });
                return ToRpcException(Code.FailedPrecondition, r.Message, failure);
            case NotFoundException n:
                return ToRpcException(Code.NotFound, n.Message);
            case OutOfScopeException o:
                return ToRpcException(Code.PermissionDenied, o.Message);
            case AlreadyExistsException a:
                return ToRpcException(Code.AlreadyExists, a.Message);
            case ConcurrencyConflictException c:
                return ToRpcException(Code.Aborted, c.Message);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                // The caller gave up or its deadline passed: nothing to report but that.
                return ToRpcException(Code.Cancelled, "The call was cancelled.");
            default:
                logger.LogError(exception, "Unhandled error in {Method}", context.Method);
                return ToRpcException(Code.Internal, "An internal error occurred; it has been logged.");
        }
    }

    private static RpcException ToRpcException(Code code, string message, Google.Protobuf.IMessage? detail = null)
    {
        var status = new Status { Code = (int)code, Message = message };
        if (detail is not null) status.Details.Add(Any.Pack(detail));
        return status.ToRpcException();
    }
}
