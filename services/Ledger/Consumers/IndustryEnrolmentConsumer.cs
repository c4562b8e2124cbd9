using Coordination.Contracts.Events;
using Coordination.Ledger.Needs;
using MassTransit;

namespace Coordination.Ledger.Consumers;

/// <summary>A household in an industry project no longer lacks one (缺资金): its needs follow.</summary>
public sealed class IndustryEnrolmentConsumer(NeedEvaluation needs) : IConsumer<HouseholdEnrolledInProject>
{
    public async Task Consume(ConsumeContext<HouseholdEnrolledInProject> context)
    {
        var m = context.Message;
        var support = await needs.SupportAsync(m.HouseholdId, context.CancellationToken);
        support.IndustryProject ??= m.ProjectName;
        await needs.EvaluateAsync(m.HouseholdId, context.CancellationToken);
    }
}
