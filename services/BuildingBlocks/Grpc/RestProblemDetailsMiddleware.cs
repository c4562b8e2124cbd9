using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Coordination.BuildingBlocks.Grpc;

/// <summary>
/// REST callers (gRPC JSON transcoding) get errors as RFC 9457 problem details, the form HTTP clients
/// expect, instead of transcoding's google.rpc.Status JSON: the gRPC code becomes the HTTP status,
/// BadRequest field violations become "errors" (field → messages, as ASP.NET's validation problems),
/// PreconditionFailure violations become "violations". gRPC callers are not touched.
/// </summary>
public sealed class RestProblemDetailsMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        buffer.Position = 0;
        if (context.Response.StatusCode >= 400
            && context.Response.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true
            && TryReadStatus(buffer, out var status))
        {
            var problem = ToProblem(context, status);
            context.Response.ContentLength = null;
            await context.Response.WriteAsJsonAsync(problem, problem.GetType(), (JsonSerializerOptions?)null, "application/problem+json");
            return;
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static bool TryReadStatus(Stream body, out JsonElement status)
    {
        status = default;
        try
        {
            status = JsonDocument.Parse(body).RootElement.Clone();
            return status.ValueKind == JsonValueKind.Object && status.TryGetProperty("code", out _) && status.TryGetProperty("message", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ProblemDetails ToProblem(HttpContext context, JsonElement status)
    {
        var errors = new Dictionary<string, List<string>>();
        var violations = new List<object>();
        if (status.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
        {
            foreach (var detail in details.EnumerateArray())
            {
                if (detail.TryGetProperty("fieldViolations", out var fields))
                    foreach (var f in fields.EnumerateArray())
                    {
                        var field = f.GetProperty("field").GetString() ?? "";
                        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
                        list.Add(f.GetProperty("description").GetString() ?? "");
                    }
                if (detail.TryGetProperty("violations", out var rules))
                    foreach (var v in rules.EnumerateArray())
                        violations.Add(new { type = v.GetProperty("type").GetString(), description = v.GetProperty("description").GetString() });
            }
        }

        ProblemDetails problem = errors.Count > 0
            ? new ValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()))
            : new ProblemDetails();
        problem.Status = context.Response.StatusCode;
        problem.Title = errors.Count > 0 ? "The request is invalid." : ReasonPhrase(context.Response.StatusCode);
        problem.Detail = status.GetProperty("message").GetString();
        problem.Instance = context.Request.Path;
        problem.Extensions["grpcStatus"] = status.GetProperty("code").GetInt32();
        if (violations.Count > 0) problem.Extensions["violations"] = violations;
        return problem;
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
