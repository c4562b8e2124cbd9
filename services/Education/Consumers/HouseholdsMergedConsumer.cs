using Coordination.Contracts.Events;
using Coordination.Education.Data;
using Coordination.Education.Dropout;
using MassTransit;
using Directory = Coordination.BuildingBlocks.Households;

namespace Coordination.Education.Consumers;

/// <summary>
/// The directory's HouseholdsMergedConsumer, then a dropout assessment of the merged household in the same inbox
/// transaction. The directory's class name keeps the queue's.
/// </summary>
public sealed class HouseholdsMergedConsumer(EducationDbContext db, DropoutMonitor monitor) : IConsumer<HouseholdsMerged>
{
    public async Task Consume(ConsumeContext<HouseholdsMerged> context)
    {
        await new Directory.HouseholdsMergedConsumer(db).Consume(context);
        // The merged record's alerts clear; the survivor's members come with the registry's HouseholdUpdated.
        await monitor.EvaluateAsync(context.Message.MergedHouseholdId, context.CancellationToken);
    }
}
