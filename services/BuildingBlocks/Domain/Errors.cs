namespace Coordination.BuildingBlocks.Domain;

// The caller's mistakes and the rules they break, as exceptions the domain throws and the gRPC
// layer maps to status codes (see Grpc/ErrorMappingInterceptor). Anything else is our fault: Internal.

/// <param name="Field">The request field in proto form, e.g. "members[1].national_id".</param>
public sealed record FieldViolation(string Field, string Description);

/// <summary>Invalid input → InvalidArgument with google.rpc.BadRequest field violations.</summary>
public sealed class ValidationException(IReadOnlyList<FieldViolation> violations)
    : Exception("Invalid input: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    public ValidationException(string field, string description) : this([new FieldViolation(field, description)]) { }
}

/// <summary>→ NotFound.</summary>
public sealed class NotFoundException(string resource, string id)
    : Exception($"{resource} '{id}' was not found.")
{
    public string Resource { get; } = resource;
}

/// <summary>→ AlreadyExists. The message is shown to the caller: mask personal data in it.</summary>
public sealed class AlreadyExistsException(string message) : Exception(message);

/// <summary>A business rule forbids the change → FailedPrecondition with google.rpc.PreconditionFailure.</summary>
/// <param name="rule">A stable, machine-readable name of the rule, e.g. "exit.income-above-line".</param>
public sealed class RuleViolationException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}

/// <summary>The caller edited a stale version of a record → Aborted; read it again and retry.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);

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
