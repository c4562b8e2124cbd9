namespace Coordination.BuildingBlocks.Domain;

/// <summary>→ PermissionDenied: the record lies outside the regions the caller serves.</summary>
public sealed class OutOfScopeException(string resource, string id, string? message = null)
    : Exception(message ?? $"{resource} '{id}' lies outside the regions the caller serves.")
{
    public string Resource { get; } = resource;
}
