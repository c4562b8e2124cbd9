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
/// 控辍保学: a member out of school is a 返贫 warning. The registry is asked to flag the household (an
/// exited one as unstable after exit, any other as in sudden hardship) with the member and term as
/// the reason, and the open alert stands against its education guarantee when it asks to exit.
/// </summary>
public sealed class DropoutAlertRaisedConsumer(LedgerDbContext db, NeedEvaluation needs, HouseholdReassessment reassessment, TimeProvider time,
    ILogger<DropoutAlertRaisedConsumer> logger) : IConsumer<DropoutAlertRaised>
{
    public const string RaisedBy = "education";

    public async Task Consume(ConsumeContext<DropoutAlertRaised> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        (await needs.SupportAsync(m.HouseholdId, ct)).Member(m.PersonId).DropoutTerm = m.Term;
        var household = await db.Households.Include(h => h.MonitoringFlags).SingleOrDefaultAsync(h => h.Id == m.HouseholdId, ct);
        if (household is null)
        {
            logger.LogWarning("Dropout alert for unknown household {HouseholdId} kept without a flag", m.HouseholdId);
            return;
        }
        var category = household.Status == HouseholdStatus.Exited ? MonitoringCategory.UnstableAfterExit : MonitoringCategory.SuddenHardship;
        db.RequestFlag(household, category, $"Dropout (控辍保学): member {m.PersonId} is not enrolled for term {m.Term}", RaisedBy, time.GetUtcDateTime());
        await reassessment.AfterChangeAsync(m.HouseholdId, ct);
    }
}
