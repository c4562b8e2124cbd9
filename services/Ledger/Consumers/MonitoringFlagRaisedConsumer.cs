using Coordination.Contracts.Events;
using Coordination.Ledger.Data;
using Coordination.Ledger.Needs;
using MassTransit;
using Directory = Coordination.BuildingBlocks.Households;

namespace Coordination.Ledger.Consumers;

/// <summary>A monitoring flag raised in the registry: a monitored household has needs, so they follow.</summary>
public sealed class MonitoringFlagRaisedConsumer(LedgerDbContext db, HouseholdReassessment reassessment) : IConsumer<MonitoringFlagRaised>
{
    public async Task Consume(ConsumeContext<MonitoringFlagRaised> context)
    {
        await new Directory.MonitoringFlagRaisedConsumer(db).Consume(context);
        await reassessment.AfterChangeAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}
