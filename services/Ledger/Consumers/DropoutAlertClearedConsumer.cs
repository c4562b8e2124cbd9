using Coordination.Contracts.Events;
using Coordination.Ledger.Needs;
using MassTransit;

namespace Coordination.Ledger.Consumers;

/// <summary>The member is back in school: the alert no longer stands against the household's exit.</summary>
public sealed class DropoutAlertClearedConsumer(NeedEvaluation needs, HouseholdReassessment reassessment) : IConsumer<DropoutAlertCleared>
{
    public async Task Consume(ConsumeContext<DropoutAlertCleared> context)
    {
        var m = context.Message;
        var member = (await needs.SupportAsync(m.HouseholdId, context.CancellationToken)).Member(m.PersonId);
        if (member.DropoutTerm != m.Term) return;
        member.DropoutTerm = null;
        await reassessment.AfterChangeAsync(m.HouseholdId, context.CancellationToken);
    }
}
