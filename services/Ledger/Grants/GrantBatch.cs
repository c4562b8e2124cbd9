using Coordination.BuildingBlocks.Messaging;
using Coordination.Contracts.Events;
using Coordination.Ledger.Needs;

namespace Coordination.Ledger.Grants;

/// <summary>A batch of grants: recorded and judged set-based, then the needs they could meet evaluated for all their households at once.</summary>
public sealed class GrantBatch(GrantLedger ledger, NeedEvaluation needs) : IGroupCommitHandler<AidGranted>
{
    public async Task HandleAsync(IReadOnlyList<AidGranted> messages, CancellationToken cancellationToken)
    {
        var fresh = await ledger.RecordAsync(messages, cancellationToken);
        await needs.EvaluateAfterGrantsAsync(fresh, cancellationToken);
    }
}
