using Coordination.Contracts.Events;
using Coordination.Ledger.Needs;
using MassTransit;

namespace Coordination.Ledger.Consumers;

/// <summary>义务教育有保障 as the education service last assessed it, for the household's needs and exit.</summary>
public sealed class EducationGuaranteeConsumer(NeedEvaluation needs, HouseholdReassessment reassessment) : IConsumer<EducationGuaranteeChanged>
{
    public async Task Consume(ConsumeContext<EducationGuaranteeChanged> context)
    {
        var m = context.Message;
        var support = await needs.SupportAsync(m.HouseholdId, context.CancellationToken);
        // Assessments may overtake each other on the way; the latest one counts.
        if (support.EducationChangedAt is { } last && last > m.ChangedAt) return;
        (support.EducationGuaranteeMet, support.EducationTerm, support.EducationExplanation, support.EducationChangedAt) = (m.Met, m.Term, m.Explanation, m.ChangedAt);
        await reassessment.AfterChangeAsync(m.HouseholdId, context.CancellationToken);
    }
}
