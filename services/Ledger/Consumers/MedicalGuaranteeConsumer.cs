using Coordination.Contracts.Events;
using Coordination.Ledger.Needs;
using MassTransit;

namespace Coordination.Ledger.Consumers;

/// <summary>基本医疗有保障 as the medical service last assessed it, for the household's needs and exit.</summary>
public sealed class MedicalGuaranteeConsumer(NeedEvaluation needs, HouseholdReassessment reassessment) : IConsumer<MedicalGuaranteeChanged>
{
    public async Task Consume(ConsumeContext<MedicalGuaranteeChanged> context)
    {
        var m = context.Message;
        var support = await needs.SupportAsync(m.HouseholdId, context.CancellationToken);
        if (support.MedicalChangedAt is { } last && last > m.ChangedAt) return;
        (support.MedicalGuaranteeMet, support.MedicalYear, support.MedicalExplanation, support.MedicalChangedAt) = (m.Met, m.Year, m.Explanation, m.ChangedAt);
        await reassessment.AfterChangeAsync(m.HouseholdId, context.CancellationToken);
    }
}
