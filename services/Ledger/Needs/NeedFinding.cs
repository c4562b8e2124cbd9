using Coordination.Contracts;

namespace Coordination.Ledger.Needs;

/// <summary>A need the rules find now; (Kind, PersonId) names it across evaluations.</summary>
public sealed record NeedFinding(string Kind, Guid? PersonId, NeedCategory Category, int Severity, string Reason);
