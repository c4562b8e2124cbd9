namespace Coordination.BuildingBlocks.Domain;

/// <summary>→ AlreadyExists. The message is shown to the caller: mask personal data in it.</summary>
public sealed class AlreadyExistsException(string message) : Exception(message);
