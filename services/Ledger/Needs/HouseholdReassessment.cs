using Coordination.Ledger.Data;
using Coordination.Ledger.Exit;

namespace Coordination.Ledger.Needs;

/// <summary>
/// After a household's facts changed in a consumer's transaction (the registry's, or a department's):
/// its needs, then its exit evaluation, published if it changed. Saves first, inside the inbox
/// filter's open transaction, so the evaluations' queries see what the consumer just changed.
/// </summary>
public sealed class HouseholdReassessment(LedgerDbContext db, NeedEvaluation needs, ExitEvaluator exit)
{
    public async Task AfterChangeAsync(Guid householdId, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await needs.EvaluateAsync(householdId, ct);
        await exit.PublishIfChangedAsync(householdId, ct);
    }
}
