using Coordination.Contracts.Events;
using Coordination.Ledger.Data;
using Coordination.Ledger.Needs;
using MassTransit;
using Directory = Coordination.BuildingBlocks.Households;

namespace Coordination.Ledger.Consumers;

/// <summary>A monitoring flag cleared in the registry: a monitored household has needs, so they follow.</summary>
public sealed class MonitoringFlagClearedConsumer(LedgerDbContext db, HouseholdReassessment reassessment) : IConsumer<MonitoringFlagCleared>
{
    public async Task Consume(ConsumeContext<MonitoringFlagCleared> context)
    {
        await new Directory.MonitoringFlagClearedConsumer(db).Consume(context);
        await reassessment.AfterChangeAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}
