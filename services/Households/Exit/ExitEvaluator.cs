using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.Data;
using Coordination.Households.Domain;
using Coordination.Households.Needs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordination.Households.Exit;

/// <summary>Configuration "Exit".</summary>
public sealed class ExitOptions
{
    public const string Section = "Exit";

    /// <summary>The poverty line: income per person and year (fen) the household must be above.</summary>
    public long PovertyLineFen { get; set; } = 400_000;

    /// <summary>Whether the registry refuses an exit that fails a condition (on in every deployment).</summary>
    public bool Enforce { get; set; } = true;
}

/// <summary>One condition of 如何退, met or not, and why.</summary>
public sealed record ExitCondition(string Code, bool Met, string Explanation);

public sealed record ExitAssessment(Guid HouseholdId, IReadOnlyList<ExitCondition> Conditions)
{
    public bool Eligible => Conditions.All(c => c.Met);

    public IEnumerable<ExitCondition> Failing => Conditions.Where(c => !c.Met);
}

/// <summary>
/// 如何退: income above the poverty line, and 两不愁三保障 — compulsory education and basic medical
/// care as the education and medical services last reported them (their events), safe housing as
/// the registry assessed it (一看房). Each condition is explained, met or not.
/// </summary>
public sealed class ExitEvaluator(HouseholdsDbContext db, IOptions<ExitOptions> options, TimeProvider time)
{
    public const string Rule = "household.exit-conditions";

    public async Task<ExitAssessment> EvaluateAsync(Household household, CancellationToken ct)
    {
        var support = await db.HouseholdSupport.AsNoTracking().Include(s => s.Members).SingleOrDefaultAsync(s => s.HouseholdId == household.Id, ct);
        var today = DateOnly.FromDateTime(time.GetUtcDateTime());
        return new ExitAssessment(household.Id, [Income(household), Education(household, support, today), Medical(support), Housing(household)]);
    }

    /// <summary>Called by the lifecycle before an exit: refuses it, naming every failing condition.</summary>
    public async Task RequireEligibleAsync(Household household, CancellationToken ct)
    {
        if (!options.Value.Enforce) return;
        var assessment = await EvaluateAsync(household, ct);
        if (!assessment.Eligible)
            throw new RuleViolationException(Rule, "The household does not meet the exit conditions: "
                + string.Join("; ", assessment.Failing.Select(c => $"{c.Code}: {c.Explanation}")));
    }

    private ExitCondition Income(Household h)
    {
        var line = options.Value.PovertyLineFen;
        var text = string.Create(CultureInfo.InvariantCulture, $"{h.IncomePerCapitaFen / 100m:0.00} yuan per person and year, poverty line {line / 100m:0.00}");
        return new("income", h.IncomePerCapitaFen > line, h.IncomePerCapitaFen > line ? $"above the line (不愁吃、不愁穿): {text}" : $"not above the line: {text}");
    }

    private static ExitCondition Education(Household h, HouseholdSupport? support, DateOnly today)
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

    private static ExitCondition Housing(Household h) => h.Housing switch
    {
        HousingCondition.Safe => new("housing", true, "safe housing (一看房)"),
        HousingCondition.NeedsRepair => new("housing", false, "the dwelling needs repair"),
        HousingCondition.Dangerous => new("housing", false, "the dwelling is dangerous (危房)"),
        _ => new("housing", false, "the housing has not been assessed (一看房)"),
    };
}
