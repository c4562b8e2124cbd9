using Coordination.Contracts.Events;
using Coordination.Ledger.Data;
using Coordination.Ledger.Needs;
using MassTransit;
using Directory = Coordination.BuildingBlocks.Households;

namespace Coordination.Ledger.Consumers;

/// <summary>The registry changed a household's facts or members: the directory follows, then its needs and exit evaluation.</summary>
public sealed class HouseholdUpdatedConsumer(LedgerDbContext db, HouseholdReassessment reassessment) : IConsumer<HouseholdUpdated>
{
    public async Task Consume(ConsumeContext<HouseholdUpdated> context)
    {
        await new Directory.HouseholdUpdatedConsumer(db).Consume(context);
        await reassessment.AfterChangeAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}
