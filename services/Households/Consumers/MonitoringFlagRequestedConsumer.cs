using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using Coordination.Households.Lifecycle;
using MassTransit;

namespace Coordination.Households.Consumers;

/// <summary>
/// Another service's 返贫 warning (the ledger's: a large medical expense, a dropout, a disaster) asks
/// for a monitoring flag; the registry owns flags and raises it with the history and the event, unless
/// it stands already. The inbox filter commits.
/// </summary>
public sealed class MonitoringFlagRequestedConsumer(HouseholdLifecycle lifecycle, TimeProvider time, ILogger<MonitoringFlagRequestedConsumer> logger)
    : IConsumer<MonitoringFlagRequested>
{
    public async Task Consume(ConsumeContext<MonitoringFlagRequested> context)
    {
        var m = context.Message;
        var household = await lifecycle.FindAsync(m.HouseholdId, context.CancellationToken);
        if (household is null || household.MergedIntoHouseholdId is not null)
        {
            logger.LogWarning("Monitoring flag requested by {RequestedBy} for household {HouseholdId}, which is not (or no longer) in the registry; ignored", m.RequestedBy, m.HouseholdId);
            return;
        }
        lifecycle.Raise(household, m.Category, m.Reason, m.RequestedBy, time.GetUtcDateTime());
    }
}
