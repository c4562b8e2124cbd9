using Coordination.Contracts.Events;
using Coordination.Education.Data;
using Coordination.Education.Dropout;
using MassTransit;
using Directory = Coordination.BuildingBlocks.Households;

namespace Coordination.Education.Consumers;

/// <summary>
/// The directory's HouseholdRegisteredConsumer, then a dropout assessment of the household in the same inbox
/// transaction, so a child is assessed as soon as education learns of it. The directory's class name keeps the
/// queue's ("education-household-registered").
/// </summary>
public sealed class HouseholdRegisteredConsumer(EducationDbContext db, DropoutMonitor monitor) : IConsumer<HouseholdRegistered>
{
    public async Task Consume(ConsumeContext<HouseholdRegistered> context)
    {
        await new Directory.HouseholdRegisteredConsumer(db).Consume(context);
        await monitor.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}
