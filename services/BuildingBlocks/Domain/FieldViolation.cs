namespace Coordination.BuildingBlocks.Domain;

/// <param name="Field">The request field in proto form, e.g. "members[1].national_id".</param>
public sealed record FieldViolation(string Field, string Description);
