using System.Globalization;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Ledger.Data;
using Coordination.Ledger.Needs;
using Coordination.Ledger.Warnings;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Ledger.Consumers;

/// <summary>
/// A large out-of-pocket medical cost: kept for the member's serious-illness need, and a 返贫 warning,
/// so the registry is asked to flag the household as in sudden hardship (突发严重困难户) with the
/// amounts as the reason. A flag already raised stays as it was.
/// </summary>
public sealed class LargeMedicalExpenseConsumer(LedgerDbContext db, NeedEvaluation needs, TimeProvider time, ILogger<LargeMedicalExpenseConsumer> logger)
    : IConsumer<LargeMedicalExpenseIncurred>
{
    public const string RaisedBy = "medical";

    public async Task Consume(ConsumeContext<LargeMedicalExpenseIncurred> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var member = (await needs.SupportAsync(m.HouseholdId, ct)).Member(m.PersonId);
        if (member.LargeExpenseAt is not { } last || last <= m.IncurredAt)
            (member.LargeExpenseClaimId, member.LargeExpenseOutOfPocketFen, member.LargeExpenseAt) = (m.ClaimId, m.OutOfPocketFen, m.IncurredAt);
        var household = await db.Households.Include(h => h.MonitoringFlags).SingleOrDefaultAsync(h => h.Id == m.HouseholdId, ct);
        if (household is null)
            logger.LogWarning("Large medical expense for unknown household {HouseholdId} (claim {ClaimId}) kept without a flag", m.HouseholdId, m.ClaimId);
        else
            db.RequestFlag(household, MonitoringCategory.SuddenHardship, string.Create(CultureInfo.InvariantCulture,
                $"Large medical expense: {m.OutOfPocketFen / 100m:0.00} yuan out of pocket of {m.TotalCostFen / 100m:0.00} (claim {m.ClaimId}, {m.IncurredAt:yyyy-MM-dd})"),
                RaisedBy, time.GetUtcDateTime());
        await needs.EvaluateAsync(m.HouseholdId, ct);
    }
}
