using Coordination.Contracts.Events;
using Coordination.Households.Needs;
using MassTransit;

namespace Coordination.Households.Ledger;

/// <summary>Every grant of every department and enterprise enters the ledger, and may meet a need. The inbox filter commits.</summary>
public sealed class AidGrantedConsumer(GrantLedger ledger, NeedEvaluation needs) : IConsumer<AidGranted>
{
    public async Task Consume(ConsumeContext<AidGranted> context)
    {
        await ledger.RecordAsync(context.Message, context.CancellationToken);
        await needs.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}

/// <summary>A revoked grant stays in the ledger, marked, and no longer counts for totals, rules or needs.</summary>
public sealed class AidRevokedConsumer(GrantLedger ledger, NeedEvaluation needs) : IConsumer<AidRevoked>
{
    public async Task Consume(ConsumeContext<AidRevoked> context)
    {
        await ledger.RevokeAsync(context.Message, context.CancellationToken);
        await needs.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}
