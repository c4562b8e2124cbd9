using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Ledger.Data;
using Coordination.Ledger.Needs;
using MassTransit;
using Directory = Coordination.BuildingBlocks.Households;

namespace Coordination.Ledger.Consumers;

/// <summary>
/// A household filed in the registry enters the ledger's directory. One that comes in registered
/// (not only identified) in a region under a standing disaster is flagged; then its needs and exit
/// evaluation follow, in the same inbox transaction. The directory's class name keeps the queue's.
/// </summary>
public sealed class HouseholdRegisteredConsumer(LedgerDbContext db, Warnings.RegionDisasters disasters, HouseholdReassessment reassessment)
    : IConsumer<HouseholdRegistered>
{
    public async Task Consume(ConsumeContext<HouseholdRegistered> context)
    {
        var m = context.Message;
        await new Directory.HouseholdRegisteredConsumer(db).Consume(context);
        await db.SaveChangesAsync(context.CancellationToken);
        if (m.Status != HouseholdStatus.Identified) await disasters.FlagIfInDisasterAsync(m.HouseholdId, context.CancellationToken);
        await reassessment.AfterChangeAsync(m.HouseholdId, context.CancellationToken);
    }
}
