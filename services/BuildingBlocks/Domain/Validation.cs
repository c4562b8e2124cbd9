namespace Coordination.BuildingBlocks.Domain;

/// <summary>Collects every violation of a request so the caller hears of all of them at once.</summary>
public sealed class Validation
{
    private readonly List<FieldViolation> _violations = [];

    public bool IsValid => _violations.Count == 0;

    public IReadOnlyList<FieldViolation> Violations => _violations;

    public Validation Add(string field, string description)
    {
        _violations.Add(new FieldViolation(field, description));
        return this;
    }

    /// <summary>Records a violation unless <paramref name="condition"/> holds; returns the condition.</summary>
    public bool Require(bool condition, string field, string description)
    {
        if (!condition) Add(field, description);
        return condition;
    }

    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new ValidationException(_violations.ToArray());
    }
}
