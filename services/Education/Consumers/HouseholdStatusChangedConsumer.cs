using Coordination.Contracts.Events;
using Coordination.Education.Data;
using Coordination.Education.Dropout;
using MassTransit;
using Directory = Coordination.BuildingBlocks.Households;

namespace Coordination.Education.Consumers;

/// <summary>
/// The directory's HouseholdStatusChangedConsumer, then a dropout assessment of the household in the same inbox
/// transaction: a household that exits is assessed at once. The directory's class name keeps the queue's.
/// </summary>
public sealed class HouseholdStatusChangedConsumer(EducationDbContext db, DropoutMonitor monitor) : IConsumer<HouseholdStatusChanged>
{
    public async Task Consume(ConsumeContext<HouseholdStatusChanged> context)
    {
        await new Directory.HouseholdStatusChangedConsumer(db).Consume(context);
        await monitor.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}
