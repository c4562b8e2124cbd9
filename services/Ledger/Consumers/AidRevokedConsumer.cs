using Coordination.Ledger.Grants;
using Coordination.Ledger.Needs;
using Coordination.Contracts.Events;
using MassTransit;

namespace Coordination.Ledger.Consumers;

/// <summary>A revoked grant stays in the ledger, marked, and no longer counts for totals, rules or needs. The inbox filter commits.</summary>
public sealed class AidRevokedConsumer(GrantLedger ledger, NeedEvaluation needs) : IConsumer<AidRevoked>
{
    public async Task Consume(ConsumeContext<AidRevoked> context)
    {
        await ledger.RevokeAsync(context.Message, context.CancellationToken);
        await needs.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}
