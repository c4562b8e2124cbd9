using Coordination.Contracts.Events;
using Coordination.Education.Data;
using Coordination.Education.Dropout;
using MassTransit;
using Directory = Coordination.BuildingBlocks.Households;

namespace Coordination.Education.Consumers;

/// <summary>
/// The directory's HouseholdUpdatedConsumer, then a dropout assessment of the household in the same inbox
/// transaction: a child who joins, ages in or moves is assessed at once. The directory's class name keeps the queue's.
/// </summary>
public sealed class HouseholdUpdatedConsumer(EducationDbContext db, DropoutMonitor monitor) : IConsumer<HouseholdUpdated>
{
    public async Task Consume(ConsumeContext<HouseholdUpdated> context)
    {
        await new Directory.HouseholdUpdatedConsumer(db).Consume(context);
        await monitor.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}
