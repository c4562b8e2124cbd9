using System.Globalization;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Ledger.Data;
using Coordination.Ledger.Needs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordination.Ledger.Exit;

/// <summary>
/// 如何退: income above the poverty line, and 两不愁三保障 — compulsory education and basic medical
/// care as the education and medical services last reported them (their events), safe housing as
/// the registry assessed it (一看房). Each condition is explained, met or not. The registry guards an
/// exit with the evaluation this publishes (HouseholdExitEvaluated).
/// </summary>
public sealed class ExitEvaluator(LedgerDbContext db, IOptions<ExitOptions> options, TimeProvider time)
{
    public async Task<ExitAssessment> EvaluateAsync(KnownHousehold household, CancellationToken ct)
    {
        // Tracked first: a consumer's transaction may have just changed the household's support.
        var support = db.HouseholdSupport.Local.FirstOrDefault(s => s.HouseholdId == household.Id)
            ?? await db.HouseholdSupport.AsNoTracking().Include(s => s.Members).SingleOrDefaultAsync(s => s.HouseholdId == household.Id, ct);
        var today = DateOnly.FromDateTime(time.GetUtcDateTime());
        return new ExitAssessment(household.Id, [Income(household), Education(household, support, today), Medical(support), Housing(household)]);
    }

    /// <summary>
    /// Evaluates a household in poverty and publishes HouseholdExitEvaluated, in the caller's transaction,
    /// when the outcome or the household's version differs from the last one published: the registry
    /// refuses an exit until it holds an evaluation of the household's current version.
    /// </summary>
    public async Task PublishIfChangedAsync(Guid householdId, CancellationToken ct)
    {
        var household = await db.Households.Include(h => h.Members).SingleOrDefaultAsync(h => h.Id == householdId, ct);
        // Only a household in poverty can exit; one identified, exited or merged needs no evaluation.
        if (household is null || !household.InPoverty || household.MergedInto is not null) return;
        var assessment = await EvaluateAsync(household, ct);
        var outcome = string.Join("\n", assessment.Conditions.Select(c => $"{c.Code}:{c.Met}:{c.Explanation}"));
        var last = await db.ExitEvaluations.FindAsync([householdId], ct);
        if (last is not null && last.HouseholdVersion == household.Version && last.Outcome == outcome) return;
        if (last is null) db.ExitEvaluations.Add(last = new ExitEvaluationRecord { HouseholdId = householdId });
        var now = time.GetUtcDateTime();
        (last.HouseholdVersion, last.Eligible, last.Outcome, last.EvaluatedAt) = (household.Version, assessment.Eligible, outcome, now);
        db.AddIntegrationEvent(new HouseholdExitEvaluated(householdId, household.Version, assessment.Eligible,
            [.. assessment.Conditions.Select(c => new ExitConditionOutcome(c.Code, c.Met, c.Explanation))], now));
    }

    private ExitCondition Income(KnownHousehold h)
    {
        var line = options.Value.PovertyLineFen;
        var text = string.Create(CultureInfo.InvariantCulture, $"{h.IncomePerCapitaFen / 100m:0.00} yuan per person and year, poverty line {line / 100m:0.00}");
        return new("income", h.IncomePerCapitaFen > line, h.IncomePerCapitaFen > line ? $"above the line (不愁吃、不愁穿): {text}" : $"not above the line: {text}");
    }

    private static ExitCondition Education(KnownHousehold h, HouseholdSupport? support, DateOnly today)
    {
        var dropouts = support?.Members.Where(m => m.DropoutTerm is not null).ToList() ?? [];
        if (dropouts.Count > 0)
            return new("education", false, $"{dropouts.Count} member(s) out of school (dropout alert open for term {dropouts[0].DropoutTerm})");
        if (!h.Members.Any(m => NeedRules.IsSchoolAge(m, today)))
            return new("education", true, "no member of school age");
        return support?.EducationGuaranteeMet switch
        {
            true => new("education", true, $"compulsory education guaranteed ({support.EducationTerm}): {support.EducationExplanation}"),
            false => new("education", false, $"compulsory education not guaranteed ({support.EducationTerm}): {support.EducationExplanation}"),
            null => new("education", false, "the education service has not reported the household's compulsory-education guarantee"),
        };
    }

    private static ExitCondition Medical(HouseholdSupport? support) => support?.MedicalGuaranteeMet switch
    {
        true => new("medical", true, $"basic medical insurance guaranteed ({support.MedicalYear}): {support.MedicalExplanation}"),
        false => new("medical", false, $"basic medical insurance not guaranteed ({support.MedicalYear}): {support.MedicalExplanation}"),
        null => new("medical", false, "the medical service has not reported the household's basic-medical-insurance guarantee"),
    };

    private static ExitCondition Housing(KnownHousehold h) => h.Housing switch
    {
        HousingCondition.Safe => new("housing", true, "safe housing (一看房)"),
        HousingCondition.NeedsRepair => new("housing", false, "the dwelling needs repair"),
        HousingCondition.Dangerous => new("housing", false, "the dwelling is dangerous (危房)"),
        _ => new("housing", false, "the housing has not been assessed (一看房)"),
    };
}
