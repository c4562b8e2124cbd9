using Coordination.Contracts.Events;
using Coordination.Ledger.Data;
using Coordination.Ledger.Needs;
using MassTransit;
using Directory = Coordination.BuildingBlocks.Households;

namespace Coordination.Ledger.Consumers;

/// <summary>
/// Two records were one household: the directory marks the merged one, its grants move to the
/// survivor (and are judged there), then both households' needs and exit evaluations follow.
/// </summary>
public sealed class HouseholdsMergedConsumer(LedgerDbContext db, Grants.GrantLedger ledger, HouseholdReassessment reassessment) : IConsumer<HouseholdsMerged>
{
    public async Task Consume(ConsumeContext<HouseholdsMerged> context)
    {
        var m = context.Message;
        await new Directory.HouseholdsMergedConsumer(db).Consume(context);
        // The grants first: the survivor's needs are judged with the aid its merged record received.
        await ledger.FollowMergeAsync(m, context.CancellationToken);
        await reassessment.AfterChangeAsync(m.MergedHouseholdId, context.CancellationToken);
        await reassessment.AfterChangeAsync(m.SurvivingHouseholdId, context.CancellationToken);
    }
}
