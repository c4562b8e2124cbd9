using System.Globalization;
using Coordination.BuildingBlocks.Aid;
using Coordination.Donors.Domain;

namespace Coordination.Donors.Matching;

/// <summary>
/// The catalogue's rules applied to an allocation before it is made, as the ledger applies them to
/// the AidGranted it becomes (the ledger's AidRules), with the same ExclusiveRule: an exclusive benefit once per person (or, for a
/// person-less grant, per household) and overlapping period, whoever grants it. A capped-by-expense
/// benefit pays towards a bill and an allocation names none, so a pledge may not carry one.
/// </summary>
public static class BenefitRules
{
    /// <returns>Null when the allocation keeps every rule; otherwise why it may not be made.</returns>
    public static string? Refusal(BenefitCatalogue catalogue, Pledge pledge, OpenNeed need, IEnumerable<HeldBenefit> held)
    {
        var code = pledge.BenefitTypeCode;
        if (!catalogue.TryGetRule(code, out var rule))
            return $"{code} is not in the benefit catalogue; nothing is allocated under a benefit whose rule is unknown.";
        switch (rule)
        {
            case BenefitRule.Stackable:
                return null;
            case BenefitRule.Exclusive:
                var candidate = new BenefitPeriod(need.HouseholdId, need.PersonId, code, pledge.ValidFrom, pledge.ValidUntil);
                var clash = held
                    .Where(h => ExclusiveRule.Clashes(candidate, new BenefitPeriod(h.HouseholdId, h.PersonId, h.BenefitTypeCode, h.PeriodStart, h.PeriodEnd)))
                    .OrderBy(h => h.PeriodStart).ThenBy(h => h.PeriodEnd).ThenBy(h => h.Source, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (clash is null) return null;
                var who = need.PersonId is null ? "the household" : "the person in need";
                return string.Create(CultureInfo.InvariantCulture,
                    $"{code} is exclusive (once per person and period, whoever grants it): {who} already has it from {clash.Source} " +
                    $"for {clash.PeriodStart:yyyy-MM-dd}..{clash.PeriodEnd:yyyy-MM-dd}, overlapping this pledge's " +
                    $"{pledge.ValidFrom:yyyy-MM-dd}..{pledge.ValidUntil:yyyy-MM-dd}; allocating it would duplicate the benefit.");
            case BenefitRule.CappedByExpense:
                return $"{code} is capped by an expense (a bill) and an allocation pays towards none; it is not allocated.";
            default:
                return $"{code} has a rule this service does not know; nothing is allocated under it.";
        }
    }

    /// <summary>What the explanation of an allocation says about the benefit's rule.</summary>
    public static string Kept(BenefitCatalogue catalogue, Pledge pledge, OpenNeed need)
    {
        catalogue.TryGetRule(pledge.BenefitTypeCode, out var rule);
        return rule == BenefitRule.Exclusive
            ? $"{pledge.BenefitTypeCode} is exclusive and {(need.PersonId is null ? "the household" : "the person")} has none for an overlapping period"
            : $"{pledge.BenefitTypeCode} is {BenefitCatalogue.RuleName(rule)}";
    }
}
