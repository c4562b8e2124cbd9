using Coordination.Contracts.Events;
using Coordination.Households.Data;
using Coordination.Households.Domain;
using MassTransit;

namespace Coordination.Households.Consumers;

/// <summary>Keeps the ledger's latest exit evaluation of each household; an older one (events overtake each other) changes nothing.</summary>
public sealed class HouseholdExitEvaluatedConsumer(HouseholdsDbContext db) : IConsumer<HouseholdExitEvaluated>
{
    public async Task Consume(ConsumeContext<HouseholdExitEvaluated> context)
    {
        var m = context.Message;
        var evaluation = await db.ExitEvaluations.FindAsync([m.HouseholdId], context.CancellationToken);
        if (evaluation is null) db.ExitEvaluations.Add(evaluation = new ExitEvaluation { HouseholdId = m.HouseholdId });
        else if (evaluation.HouseholdVersion > m.HouseholdVersion || evaluation.EvaluatedAt > m.EvaluatedAt) return;
        evaluation.HouseholdVersion = m.HouseholdVersion;
        evaluation.Eligible = m.Eligible;
        evaluation.Failing = string.Join("; ", m.Conditions.Where(c => !c.Met).Select(c => $"{c.Code}: {c.Explanation}"));
        evaluation.EvaluatedAt = m.EvaluatedAt;
    }
}
