namespace Coordination.BuildingBlocks.Domain;

/// <summary>The caller edited a stale version of a record → Aborted; read it again and retry.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
