using Coordination.Contracts.Events;
using MassTransit;

namespace Coordination.Households.Ledger;

/// <summary>Every grant of every department and enterprise enters the ledger. The inbox filter commits.</summary>
public sealed class AidGrantedConsumer(GrantLedger ledger) : IConsumer<AidGranted>
{
    public Task Consume(ConsumeContext<AidGranted> context) => ledger.RecordAsync(context.Message, context.CancellationToken);
}

/// <summary>A revoked grant stays in the ledger, marked, and no longer counts for totals or rules.</summary>
public sealed class AidRevokedConsumer(GrantLedger ledger) : IConsumer<AidRevoked>
{
    public Task Consume(ConsumeContext<AidRevoked> context) => ledger.RevokeAsync(context.Message, context.CancellationToken);
}
