using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Households.Ledger;
using Coordination.Households.Lifecycle;
using Coordination.Households.Warnings;
using MassTransit;

namespace Coordination.Households.Needs;

// The facts the departments establish about a household, kept for its needs and its exit
// evaluation, and the registry's own events, after which its needs are evaluated again. Each
// consumer only changes the scoped DbContext; the inbox filter commits (and drops redeliveries).

public sealed class EducationGuaranteeConsumer(NeedEvaluation needs) : IConsumer<EducationGuaranteeChanged>
{
    public async Task Consume(ConsumeContext<EducationGuaranteeChanged> context)
    {
        var m = context.Message;
        var support = await needs.SupportAsync(m.HouseholdId, context.CancellationToken);
        // Assessments may overtake each other on the way; the latest one counts.
        if (support.EducationChangedAt is { } last && last > m.ChangedAt) return;
        (support.EducationGuaranteeMet, support.EducationTerm, support.EducationExplanation, support.EducationChangedAt) = (m.Met, m.Term, m.Explanation, m.ChangedAt);
        await needs.EvaluateAsync(m.HouseholdId, context.CancellationToken);
    }
}

public sealed class MedicalGuaranteeConsumer(NeedEvaluation needs) : IConsumer<MedicalGuaranteeChanged>
{
    public async Task Consume(ConsumeContext<MedicalGuaranteeChanged> context)
    {
        var m = context.Message;
        var support = await needs.SupportAsync(m.HouseholdId, context.CancellationToken);
        if (support.MedicalChangedAt is { } last && last > m.ChangedAt) return;
        (support.MedicalGuaranteeMet, support.MedicalYear, support.MedicalExplanation, support.MedicalChangedAt) = (m.Met, m.Year, m.Explanation, m.ChangedAt);
        await needs.EvaluateAsync(m.HouseholdId, context.CancellationToken);
    }
}

/// <summary>The cost itself, for the serious-illness need; the 返贫 flag is raised by LargeMedicalExpenseConsumer.</summary>
public sealed class MedicalExpenseNeedConsumer(NeedEvaluation needs) : IConsumer<LargeMedicalExpenseIncurred>
{
    public async Task Consume(ConsumeContext<LargeMedicalExpenseIncurred> context)
    {
        var m = context.Message;
        var member = (await needs.SupportAsync(m.HouseholdId, context.CancellationToken)).Member(m.PersonId);
        if (member.LargeExpenseAt is { } last && last > m.IncurredAt) return;
        (member.LargeExpenseClaimId, member.LargeExpenseOutOfPocketFen, member.LargeExpenseAt) = (m.ClaimId, m.OutOfPocketFen, m.IncurredAt);
        await needs.EvaluateAsync(m.HouseholdId, context.CancellationToken);
    }
}

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

/// <summary>
/// 控辍保学: a member out of school is a 返贫 warning. The household is flagged (an exited one as
/// unstable after exit, any other as in sudden hardship) with the member and term as the reason, and
/// the open alert stands against its education guarantee when it asks to exit.
/// </summary>
public sealed class DropoutAlertRaisedConsumer(NeedEvaluation needs, HouseholdLifecycle lifecycle, TimeProvider time, ILogger<DropoutAlertRaisedConsumer> logger)
    : IConsumer<DropoutAlertRaised>
{
    public const string RaisedBy = "education";

    public async Task Consume(ConsumeContext<DropoutAlertRaised> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        (await needs.SupportAsync(m.HouseholdId, ct)).Member(m.PersonId).DropoutTerm = m.Term;
        var household = await lifecycle.FindAsync(m.HouseholdId, ct);
        if (household is null)
        {
            logger.LogWarning("Dropout alert for unknown household {HouseholdId} kept without a flag", m.HouseholdId);
            return;
        }
        var category = household.Status == HouseholdStatus.Exited ? MonitoringCategory.UnstableAfterExit : MonitoringCategory.SuddenHardship;
        lifecycle.Raise(household, category, $"Dropout (控辍保学): member {m.PersonId} is not enrolled for term {m.Term}", RaisedBy, time.GetUtcDateTime());
        await needs.EvaluateAsync(m.HouseholdId, ct);
    }
}

public sealed class DropoutAlertClearedConsumer(NeedEvaluation needs) : IConsumer<DropoutAlertCleared>
{
    public async Task Consume(ConsumeContext<DropoutAlertCleared> context)
    {
        var m = context.Message;
        var member = (await needs.SupportAsync(m.HouseholdId, context.CancellationToken)).Member(m.PersonId);
        if (member.DropoutTerm == m.Term) member.DropoutTerm = null;
    }
}

/// <summary>
/// The registry's own events: whenever its facts change (registered, updated, status, flags,
/// merged), the needs follow, and after a merge the grants first. A household that comes into the
/// registry (registered, or no longer only identified) in a region under a standing disaster is
/// flagged first. Consuming its events keeps the ledger out of the registry's code.
/// </summary>
public sealed class RegistryNeedConsumer(NeedEvaluation needs, GrantLedger ledger, RegionDisasters disasters)
    : IConsumer<HouseholdRegistered>, IConsumer<HouseholdUpdated>, IConsumer<HouseholdStatusChanged>,
      IConsumer<MonitoringFlagRaised>, IConsumer<MonitoringFlagCleared>, IConsumer<HouseholdsMerged>
{
    public async Task Consume(ConsumeContext<HouseholdRegistered> context)
    {
        var m = context.Message;
        if (m.Status != HouseholdStatus.Identified) await disasters.FlagIfInDisasterAsync(m.HouseholdId, context.CancellationToken);
        await needs.EvaluateAsync(m.HouseholdId, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<HouseholdUpdated> context) => needs.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);

    public async Task Consume(ConsumeContext<HouseholdStatusChanged> context)
    {
        var m = context.Message;
        // Only on coming in: any later change of a household the disaster reached keeps whatever a coordinator made of its flag.
        if (m.From == HouseholdStatus.Identified && m.To != HouseholdStatus.Identified)
            await disasters.FlagIfInDisasterAsync(m.HouseholdId, context.CancellationToken);
        await needs.EvaluateAsync(m.HouseholdId, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<MonitoringFlagRaised> context) => needs.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);

    public Task Consume(ConsumeContext<MonitoringFlagCleared> context) => needs.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);

    public async Task Consume(ConsumeContext<HouseholdsMerged> context)
    {
        // The grants first: the survivor's needs are judged with the aid its merged record received.
        await ledger.FollowMergeAsync(context.Message, context.CancellationToken);
        await needs.EvaluateAsync(context.Message.MergedHouseholdId, context.CancellationToken);
        await needs.EvaluateAsync(context.Message.SurvivingHouseholdId, context.CancellationToken);
    }
}
