using System.Globalization;

namespace Coordination.Ledger.Grants;

/// <summary>
/// Judges one grant against the household's grants already in the ledger (revoked ones do not count).
/// Pure: the consumer stores what it finds, the check call only answers.
/// </summary>
public static class AidRules
{
    public static IReadOnlyList<RuleFinding> Evaluate(BenefitCatalogue catalogue, AidGrant candidate, IEnumerable<AidGrant> householdGrants)
    {
        if (!catalogue.TryGetRule(candidate.BenefitTypeCode, out var rule)) return [];
        var others = householdGrants.Where(g => !g.Revoked && g.GrantId != candidate.GrantId).ToList();
        return rule switch
        {
            BenefitRule.Exclusive => Exclusive(candidate, others),
            BenefitRule.CappedByExpense => CappedByExpense(catalogue, candidate, others),
            _ => [],
        };
    }

    private static IReadOnlyList<RuleFinding> Exclusive(AidGrant candidate, List<AidGrant> others)
    {
        // Person-less grants of an exclusive type are exclusive for the household as a whole.
        var clashing = others.Where(g => ExclusiveRule.Clashes(Held(candidate), Held(g)))
            .OrderBy(g => g.GrantedAt).ThenBy(g => g.GrantId).ToList();
        if (clashing.Count == 0) return [];
        var who = candidate.PersonId is { } p ? $"person {p}" : "the household";
        var by = string.Join(", ", clashing.Select(g => $"{g.GrantId} by {g.GrantorCode} for {Period(g)}"));
        return
        [
            new RuleFinding(BenefitCatalogue.RuleName(BenefitRule.Exclusive), candidate.BenefitTypeCode,
                [candidate.GrantId, .. clashing.Select(g => g.GrantId)],
                $"{candidate.BenefitTypeCode} may be granted once per person and period: grant {candidate.GrantId} by {candidate.GrantorCode} for {who}, {Period(candidate)}, overlaps {by}."),
        ];
    }

    private static IReadOnlyList<RuleFinding> CappedByExpense(BenefitCatalogue catalogue, AidGrant candidate, List<AidGrant> others)
    {
        if (string.IsNullOrEmpty(candidate.ExpenseReference) || candidate.ExpenseAmountFen is not { } expense) return [];
        // Every capped benefit paying towards the same expense counts, whichever its type or grantor.
        var towards = others.Where(g => g.ExpenseReference == candidate.ExpenseReference
                && catalogue.TryGetRule(g.BenefitTypeCode, out var r) && r == BenefitRule.CappedByExpense)
            .OrderBy(g => g.GrantedAt).ThenBy(g => g.GrantId).ToList();
        var total = candidate.ValueFen + towards.Sum(g => g.ValueFen);
        if (total <= expense) return [];
        return
        [
            new RuleFinding(BenefitCatalogue.RuleName(BenefitRule.CappedByExpense), candidate.BenefitTypeCode,
                [candidate.GrantId, .. towards.Select(g => g.GrantId)],
                string.Create(CultureInfo.InvariantCulture,
                    $"Grants towards expense {candidate.ExpenseReference} add up to {Yuan(total)} yuan, above the expense of {Yuan(expense)} yuan ({towards.Count + 1} grants)."))
        ];
    }

    private static BenefitPeriod Held(AidGrant g) => new(g.HouseholdId, g.PersonId, g.BenefitTypeCode, g.PeriodStart, g.PeriodEnd);

    private static string Period(AidGrant g) =>
        string.Create(CultureInfo.InvariantCulture, $"{g.PeriodStart:yyyy-MM-dd}..{g.PeriodEnd:yyyy-MM-dd}");

    private static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
