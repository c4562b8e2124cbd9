namespace Coordination.BuildingBlocks.Domain;

/// <summary>Invalid input → InvalidArgument with google.rpc.BadRequest field violations.</summary>
public sealed class ValidationException(IReadOnlyList<FieldViolation> violations)
    : Exception("Invalid input: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    public ValidationException(string field, string description) : this([new FieldViolation(field, description)]) { }
}
