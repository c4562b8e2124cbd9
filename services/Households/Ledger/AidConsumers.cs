using Coordination.BuildingBlocks.Messaging;
using Coordination.Contracts.Events;
using Coordination.Households.Needs;
using MassTransit;

namespace Coordination.Households.Ledger;

/// <summary>
/// Every grant of every department and enterprise enters the ledger, and may meet a need. Grants come
/// in thousands a second at peak, so they are group-committed: this consumer only hands its message to
/// <see cref="GroupCommit{T}"/>, which records whatever grants are waiting in one transaction (<see cref="GrantBatch"/>).
/// </summary>
public sealed class AidGrantedConsumer(GroupCommit<AidGranted> commit) : IConsumer<AidGranted>
{
    public Task Consume(ConsumeContext<AidGranted> context) => commit.SubmitAsync(context);
}

/// <summary>A batch of grants: recorded and judged set-based, then the needs they could meet evaluated for all their households at once.</summary>
public sealed class GrantBatch(GrantLedger ledger, NeedEvaluation needs) : IGroupCommitHandler<AidGranted>
{
    public async Task HandleAsync(IReadOnlyList<AidGranted> messages, CancellationToken cancellationToken)
    {
        var fresh = await ledger.RecordAsync(messages, cancellationToken);
        await needs.EvaluateAfterGrantsAsync(fresh, cancellationToken);
    }
}

/// <summary>A revoked grant stays in the ledger, marked, and no longer counts for totals, rules or needs. The inbox filter commits.</summary>
public sealed class AidRevokedConsumer(GrantLedger ledger, NeedEvaluation needs) : IConsumer<AidRevoked>
{
    public async Task Consume(ConsumeContext<AidRevoked> context)
    {
        await ledger.RevokeAsync(context.Message, context.CancellationToken);
        await needs.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}
