using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Ledger.Data;
using Coordination.Ledger.Needs;
using MassTransit;
using Directory = Coordination.BuildingBlocks.Households;

namespace Coordination.Ledger.Consumers;

/// <summary>
/// A household's status changed: the directory follows. One that comes in (no longer only identified)
/// in a region under a standing disaster is flagged; only on coming in, so a household whose flag a
/// coordinator cleared keeps it cleared on a later change. Then its needs and exit evaluation follow.
/// </summary>
public sealed class HouseholdStatusChangedConsumer(LedgerDbContext db, Warnings.RegionDisasters disasters, HouseholdReassessment reassessment)
    : IConsumer<HouseholdStatusChanged>
{
    public async Task Consume(ConsumeContext<HouseholdStatusChanged> context)
    {
        var m = context.Message;
        await new Directory.HouseholdStatusChangedConsumer(db).Consume(context);
        await db.SaveChangesAsync(context.CancellationToken);
        if (m.From == HouseholdStatus.Identified && m.To != HouseholdStatus.Identified)
            await disasters.FlagIfInDisasterAsync(m.HouseholdId, context.CancellationToken);
        await reassessment.AfterChangeAsync(m.HouseholdId, context.CancellationToken);
    }
}
