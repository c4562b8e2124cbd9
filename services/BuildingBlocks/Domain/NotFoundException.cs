namespace Coordination.BuildingBlocks.Domain;

/// <summary>→ NotFound.</summary>
public sealed class NotFoundException(string resource, string id)
    : Exception($"{resource} '{id}' was not found.")
{
    public string Resource { get; } = resource;
}
