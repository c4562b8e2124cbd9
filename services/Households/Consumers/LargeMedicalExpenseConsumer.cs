using System.Globalization;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Households.Lifecycle;
using MassTransit;

namespace Coordination.Households.Consumers;

/// <summary>
/// A large out-of-pocket medical cost is a 返贫 risk: the household is flagged as in sudden hardship
/// (突发严重困难户), with the amounts as the reason. Households in poverty now are already helped and
/// are left as they are; a flag already raised stays as it was. The inbox filter commits.
/// </summary>
public sealed class LargeMedicalExpenseConsumer(HouseholdLifecycle lifecycle, TimeProvider time, ILogger<LargeMedicalExpenseConsumer> logger)
    : IConsumer<LargeMedicalExpenseIncurred>
{
    public const string RaisedBy = "medical";

    public async Task Consume(ConsumeContext<LargeMedicalExpenseIncurred> context)
    {
        var m = context.Message;
        var household = await lifecycle.FindAsync(m.HouseholdId, context.CancellationToken);
        if (household is null)
        {
            logger.LogWarning("Large medical expense for unknown household {HouseholdId} (claim {ClaimId}) ignored", m.HouseholdId, m.ClaimId);
            return;
        }
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"Large medical expense: {m.OutOfPocketFen / 100m:0.00} yuan out of pocket of {m.TotalCostFen / 100m:0.00} (claim {m.ClaimId}, {m.IncurredAt:yyyy-MM-dd})");
        lifecycle.Raise(household, MonitoringCategory.SuddenHardship, reason, RaisedBy, time.GetUtcDateTime());
    }
}
