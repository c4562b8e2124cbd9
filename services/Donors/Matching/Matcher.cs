using System.Globalization;
using Coordination.Donors.Domain;

namespace Coordination.Donors.Matching;

/// <summary>
/// Allocates pledges to open needs, deterministically: the same pledges, needs and context give the
/// same allocations whatever order they come in.
///
/// Pledges are served oldest first. For each, the eligible needs (a category it names, a region it
/// targets, valid today) are ranked: needs in the enterprise's paired villages first, then the most
/// severe, then the household that has received the least aid (counting what this run has already
/// allocated), then the need's id as a stable tie-breaker. Each gets the per-household cap, less what
/// the household already has from this pledge, while units are left.
///
/// Rules kept: never more than the pledge has left, never beyond the per-household cap, at most one
/// allocation per pledge and need, and never against the benefit catalogue: a need whose household
/// (or person) already holds an exclusive benefit of the pledge's type for an overlapping period, from
/// any grantor or from an allocation of this run, is passed over with a refusal saying why, and the
/// units go to the next need.
/// </summary>
public static class Matcher
{
    public static IReadOnlyList<Allocation> Match(IEnumerable<Pledge> pledges, IEnumerable<OpenNeed> needs, MatchingContext context) =>
        Run(pledges, needs, context).Allocations;

    public static MatchOutcome Run(IEnumerable<Pledge> pledges, IEnumerable<OpenNeed> needs, MatchingContext context)
    {
        var catalogue = context.Catalogue ?? MatchingCatalogue.Shipped;
        var held = (context.Held ?? []).Concat(context.Existing.Select(a => new HeldBenefit(
                a.HouseholdId, a.PersonId, a.BenefitTypeCode, a.PeriodStart, a.PeriodEnd, "an earlier allocation of a pledge")))
            .ToLookup(h => h.HouseholdId);
        var heldNow = new List<HeldBenefit>();
        var refusals = new List<Refusal>();
        var open = needs.Where(n => n.IsOpen).ToList();
        var aid = new Dictionary<Guid, long>(context.AidReceivedFen);
        var pledgedNeeds = context.Existing.Select(a => (a.PledgeId, a.NeedId)).ToHashSet();
        var givenToHousehold = context.Existing
            .GroupBy(a => (a.PledgeId, a.HouseholdId))
            .ToDictionary(g => g.Key, g => g.Sum(a => a.Quantity));
        var result = new List<Allocation>();

        foreach (var pledge in pledges.Where(p => p.Remaining > 0 && p.IsValidOn(context.Today)).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id))
        {
            var paired = context.PairedVillages.GetValueOrDefault(pledge.EnterpriseId) ?? new HashSet<string>();
            var ranked = open
                .Where(n => pledge.Categories.Contains(n.Category)
                    && pledge.TargetRegionCodes.Any(r => n.RegionCode.StartsWith(r, StringComparison.Ordinal))
                    && !pledgedNeeds.Contains((pledge.Id, n.Id)))
                .OrderByDescending(n => paired.Contains(n.RegionCode))
                .ThenByDescending(n => n.Severity)
                .ThenBy(n => aid.GetValueOrDefault(n.HouseholdId))
                .ThenBy(n => n.Id)
                .ToList();

            for (var rank = 0; rank < ranked.Count && pledge.Remaining > 0; rank++)
            {
                var need = ranked[rank];
                var already = givenToHousehold.GetValueOrDefault((pledge.Id, need.HouseholdId));
                var units = Math.Min(pledge.PerHouseholdCap - already, pledge.Remaining);
                if (units <= 0) continue;

                if (BenefitRules.Refusal(catalogue, pledge, need, held[need.HouseholdId].Concat(heldNow)) is { } refusal)
                {
                    refusals.Add(new Refusal(pledge.Id, need, pledge.BenefitTypeCode, refusal));
                    continue;
                }

                var received = aid.GetValueOrDefault(need.HouseholdId);
                var explanation = Explain(pledge, need, rank, ranked.Count, paired.Contains(need.RegionCode), received, already, units)
                    + $" Benefit rule kept: {BenefitRules.Kept(catalogue, pledge, need)}.";
                pledge.Take(units);
                var allocation = Allocation.Create(pledge, need, units, explanation, context.Now);
                result.Add(allocation);
                pledgedNeeds.Add((pledge.Id, need.Id));
                givenToHousehold[(pledge.Id, need.HouseholdId)] = already + units;
                aid[need.HouseholdId] = received + allocation.ValueFen;
                heldNow.Add(new HeldBenefit(need.HouseholdId, need.PersonId, allocation.BenefitTypeCode, allocation.PeriodStart, allocation.PeriodEnd,
                    "an allocation of this run"));
            }
        }
        return new MatchOutcome(result, refusals);
    }

    private static string Explain(Pledge pledge, OpenNeed need, int rank, int eligible, bool paired, long receivedFen, long already, long units)
    {
        var unit = pledge.Kind switch
        {
            PledgeKind.Money => "fen",
            PledgeKind.Goods => "items",
            _ => "places",
        };
        var remainingBefore = pledge.Remaining;
        return string.Create(CultureInfo.InvariantCulture,
            $"{need.Category} need of severity {need.Severity} in {need.RegionCode}{(paired ? ", a paired village (结对帮扶)" : "")}; " +
            $"ranked {rank + 1} of {eligible} eligible needs (paired villages first, then severity, then least aid received, then need id); " +
            $"the household had received {receivedFen} fen of aid. " +
            $"Given {units} {unit}: the per-household cap of {pledge.PerHouseholdCap} less {already} already given from this pledge, " +
            $"with {remainingBefore} left in the pledge.");
    }
}
