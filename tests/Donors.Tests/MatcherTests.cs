using Coordination.BuildingBlocks.Aid;
using Coordination.Contracts;
using Coordination.Donors.Domain;
using Coordination.Donors.Matching;
using Xunit;

namespace Coordination.Donors.Tests;

/// <summary>The matcher on generated data: its rules hold for any input, and it is deterministic.</summary>
[Trait("Acceptance", "2")]
public class MatcherTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now);
    private static readonly string[] Villages = ["520402101201", "520402101202", "520402102301", "520403100101", "522601100201"];

    /// <summary>A generated world: households in villages with prior aid, their needs, pledges of several enterprises.</summary>
    private sealed record World(
        List<Func<Pledge>> Pledges, List<OpenNeed> Needs, Dictionary<Guid, long> Aid, Dictionary<Guid, IReadOnlySet<string>> Paired, List<HeldBenefit> Held)
    {
        public List<Pledge> FreshPledges() => Pledges.Select(p => p()).ToList();
    }

    private static Guid SeededGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static World Generate(int seed, int households = 60, int pledges = 6)
    {
        var random = new Random(seed);
        var aid = new Dictionary<Guid, long>();
        var needs = new List<OpenNeed>();
        var held = new List<HeldBenefit>();
        for (var h = 0; h < households; h++)
        {
            var household = SeededGuid(random);
            var child = SeededGuid(random);
            var village = Villages[random.Next(Villages.Length)];
            if (random.Next(3) > 0) aid[household] = random.Next(0, 20) * 50_000L;
            // Some children already have a tuition waiver from the education bureau, for a term around today.
            if (random.Next(3) == 0)
                held.Add(new HeldBenefit(household, child, "education.tuition-waiver", Today.AddDays(random.Next(-150, 60)), Today.AddDays(random.Next(60, 200)), "grantor education"));
            foreach (var category in Enum.GetValues<NeedCategory>().Where(_ => random.Next(4) == 0))
                needs.Add(new OpenNeed
                {
                    Id = SeededGuid(random), HouseholdId = household, PersonId = category == NeedCategory.Education ? child : null,
                    RegionCode = village, Category = category,
                    Severity = random.Next(1, 6), Reason = "generated", OpenedAt = Now.AddDays(-random.Next(30)),
                    ClosedAt = random.Next(10) == 0 ? Now.AddDays(-1) : null,
                });
        }

        var enterprises = Enumerable.Range(0, 3).Select(_ => SeededGuid(random)).ToList();
        var paired = enterprises.ToDictionary(e => e, e => (IReadOnlySet<string>)Villages.Where(_ => random.Next(3) == 0).ToHashSet());
        var factories = new List<Func<Pledge>>();
        for (var p = 0; p < pledges; p++)
        {
            var enterprise = enterprises[random.Next(enterprises.Count)];
            var kind = (PledgeKind)random.Next(1, 5);
            var cap = kind == PledgeKind.Money ? random.Next(1, 10) * 50_000L : random.Next(1, 4);
            var quantity = cap * random.Next(1, 15) + random.Next(0, (int)Math.Min(cap, 1000));
            var unitValue = kind == PledgeKind.Money ? 1 : random.Next(0, 5) * 10_000L;
            var targets = random.Next(2) == 0 ? new[] { "5204" } : new[] { "520402101", "522601" };
            var categories = Enum.GetValues<NeedCategory>().Where(_ => random.Next(2) == 0).DefaultIfEmpty(NeedCategory.Living).ToArray();
            var created = Now.AddDays(-random.Next(60));
            var validFrom = random.Next(8) == 0 ? Today.AddDays(10) : Today.AddDays(-30);
            var id = SeededGuid(random);
            // Some enterprises give tuition waivers: exclusive, so the catalogue's rule is in play.
            var benefit = categories.Contains(NeedCategory.Education) && random.Next(2) == 0 ? "education.tuition-waiver" : null;
            factories.Add(() => WithId(Pledge.Create(enterprise, "k", "d", kind, "t", quantity, unitValue, targets, categories, cap,
                validFrom, Today.AddDays(90), created, benefit), id));
        }
        return new World(factories, needs, aid, paired, held);
    }

    /// <summary>Pledge ids are random at creation; a generated world needs them reproducible.</summary>
    private static Pledge WithId(Pledge pledge, Guid id)
    {
        typeof(Pledge).GetProperty(nameof(Pledge.Id))!.SetValue(pledge, id);
        return pledge;
    }

    private static MatchingContext Context(World w, IReadOnlyCollection<Allocation>? existing = null) =>
        new(w.Aid, existing ?? [], w.Paired, Today, Now, w.Held);

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 5, 8, 13, 21, 34, 55, 89 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void No_allocation_breaks_a_rule_or_exceeds_its_pledge_or_the_household_cap(int seed)
    {
        var world = Generate(seed);
        var pledges = world.FreshPledges();
        var before = pledges.ToDictionary(p => p.Id, p => p.Remaining);

        var allocations = Matcher.Match(pledges, world.Needs, Context(world));

        Assert.NotEmpty(allocations);
        // The benefit catalogue: no person gets an exclusive benefit twice for overlapping periods, from anyone.
        var held = world.Held.ToList();
        foreach (var a in allocations)
        {
            Assert.True(MatchingCatalogue.Shipped.TryGetRule(a.BenefitTypeCode, out var rule));
            if (rule == BenefitRule.Exclusive)
                Assert.DoesNotContain(held, h => h.HouseholdId == a.HouseholdId && h.PersonId == a.PersonId && h.BenefitTypeCode == a.BenefitTypeCode
                    && h.PeriodStart <= a.PeriodEnd && a.PeriodStart <= h.PeriodEnd);
            else
                Assert.Equal(BenefitRule.Stackable, rule);
            held.Add(new HeldBenefit(a.HouseholdId, a.PersonId, a.BenefitTypeCode, a.PeriodStart, a.PeriodEnd, "allocation"));
        }
        var needs = world.Needs.ToDictionary(n => n.Id);
        foreach (var group in allocations.GroupBy(a => a.PledgeId))
        {
            var pledge = pledges.Single(p => p.Id == group.Key);
            Assert.True(pledge.IsValidOn(Today));
            Assert.Equal(before[pledge.Id], group.Sum(a => a.Quantity) + pledge.Remaining);
            Assert.True(pledge.Remaining >= 0);
            Assert.All(group.GroupBy(a => a.HouseholdId), h => Assert.True(h.Sum(a => a.Quantity) <= pledge.PerHouseholdCap));
            Assert.Equal(group.Count(), group.Select(a => a.NeedId).Distinct().Count()); // one allocation per pledge per need
            foreach (var a in group)
            {
                var need = needs[a.NeedId];
                Assert.True(need.IsOpen);
                Assert.Contains(need.Category, pledge.Categories);
                Assert.Contains(pledge.TargetRegionCodes, r => need.RegionCode.StartsWith(r, StringComparison.Ordinal));
                Assert.True(a.Quantity > 0);
                Assert.Equal(a.Quantity * pledge.UnitValueFen, a.ValueFen);
                Assert.Contains($"severity {need.Severity}", a.Explanation);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_result_is_the_same_for_the_same_input_in_any_order(int seed)
    {
        var world = Generate(seed);
        var shuffled = new Random(seed + 1000);

        var first = Matcher.Run(world.FreshPledges(), world.Needs, Context(world));
        var second = Matcher.Run(world.FreshPledges().OrderBy(_ => shuffled.Next()).ToList(),
            world.Needs.OrderBy(_ => shuffled.Next()).ToList(), Context(world) with { Held = world.Held.OrderBy(_ => shuffled.Next()).ToList() });

        Assert.Equal(Key(first.Allocations), Key(second.Allocations));
        Assert.Equal(first.Allocations.Select(a => a.Explanation), second.Allocations.Select(a => a.Explanation));
        Assert.Equal(first.Refusals.Select(r => (r.PledgeId, r.Need.Id, r.Explanation)), second.Refusals.Select(r => (r.PledgeId, r.Need.Id, r.Explanation)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_second_run_over_the_first_runs_allocations_adds_none_beyond_the_caps(int seed)
    {
        var world = Generate(seed);
        var pledges = world.FreshPledges();
        var first = Matcher.Match(pledges, world.Needs, Context(world));

        var second = Matcher.Match(pledges, world.Needs, Context(world, first));

        // Whatever a second run adds must still respect the rules together with the first.
        var all = first.Concat(second).ToList();
        Assert.Equal(all.Count, all.Select(a => (a.PledgeId, a.NeedId)).Distinct().Count());
        foreach (var pledge in pledges)
        {
            Assert.All(all.Where(a => a.PledgeId == pledge.Id).GroupBy(a => a.HouseholdId), h => Assert.True(h.Sum(a => a.Quantity) <= pledge.PerHouseholdCap));
            Assert.True(pledge.Remaining >= 0);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void With_scarce_pledges_the_most_severe_then_least_helped_needs_are_served_first(int seed)
    {
        var random = new Random(seed);
        var needs = Enumerable.Range(0, 40).Select(_ => new OpenNeed
        {
            Id = SeededGuid(random), HouseholdId = SeededGuid(random), RegionCode = Villages[random.Next(3)],
            Category = NeedCategory.Education, Severity = random.Next(1, 4), Reason = "", OpenedAt = Now,
        }).ToList();
        var aid = needs.ToDictionary(n => n.HouseholdId, _ => random.Next(0, 6) * 100_000L);
        // Enough for 7 of 40 households.
        var pledge = Pledge.Create(Guid.NewGuid(), "k", "d", PledgeKind.Money, "t", 7 * 50_000, 1, ["520402"], [NeedCategory.Education], 50_000,
            Today, Today, Now);

        var allocations = Matcher.Match([pledge], needs, new MatchingContext(aid, [], new Dictionary<Guid, IReadOnlySet<string>>(), Today, Now));

        Assert.Equal(7, allocations.Count);
        Assert.Equal(0, pledge.Remaining);
        var served = allocations.Select(a => a.NeedId).ToHashSet();
        // Every need served ranks at least as high as every need left out: severity first, then less aid received.
        foreach (var s in needs.Where(n => served.Contains(n.Id)))
            foreach (var u in needs.Where(n => !served.Contains(n.Id)))
                Assert.True(s.Severity > u.Severity || (s.Severity == u.Severity && aid[s.HouseholdId] <= aid[u.HouseholdId]),
                    $"served severity {s.Severity} aid {aid[s.HouseholdId]} before unserved severity {u.Severity} aid {aid[u.HouseholdId]}");
    }

    [Fact]
    public void Aid_allocated_by_an_earlier_pledge_in_the_same_run_counts_as_aid_received()
    {
        var a = Need(3, "520402101201");
        var b = Need(3, "520402101201");
        var first = Pledge.Create(Guid.NewGuid(), "k1", "d", PledgeKind.Money, "t", 100_000, 1, ["5204"], [NeedCategory.Education], 100_000, Today, Today, Now.AddDays(-2));
        var second = Pledge.Create(Guid.NewGuid(), "k2", "d", PledgeKind.Money, "t", 100_000, 1, ["5204"], [NeedCategory.Education], 100_000, Today, Today, Now.AddDays(-1));

        var allocations = Matcher.Match([first, second], [a, b], new MatchingContext(new Dictionary<Guid, long>(), [], new Dictionary<Guid, IReadOnlySet<string>>(), Today, Now));

        // The first pledge goes to one of the two; the second, to the other, who has now received less.
        Assert.Equal(2, allocations.Count);
        Assert.NotEqual(allocations[0].HouseholdId, allocations[1].HouseholdId);
    }

    [Fact]
    public void Needs_in_paired_villages_come_first()
    {
        var enterprise = Guid.NewGuid();
        var severeElsewhere = Need(5, "520402101201");
        var mildInPairedVillage = Need(1, "520402102301");
        var pledge = Pledge.Create(enterprise, "k", "d", PledgeKind.Jobs, "t", 1, 0, ["5204"], [NeedCategory.Education], 1, Today, Today, Now);
        var paired = new Dictionary<Guid, IReadOnlySet<string>> { [enterprise] = new HashSet<string> { "520402102301" } };

        var allocation = Assert.Single(Matcher.Match([pledge], [severeElsewhere, mildInPairedVillage],
            new MatchingContext(new Dictionary<Guid, long>(), [], paired, Today, Now)));

        Assert.Equal(mildInPairedVillage.Id, allocation.NeedId);
        Assert.Contains("paired village", allocation.Explanation);
    }

    [Fact]
    public void A_household_gets_no_more_than_the_cap_from_one_pledge_across_its_needs()
    {
        var household = Guid.NewGuid();
        var needs = new[] { Need(5, "520402101201", household), Need(4, "520402101201", household, NeedCategory.Living) };
        var pledge = Pledge.Create(Guid.NewGuid(), "k", "d", PledgeKind.Money, "t", 1_000_000, 1, ["5204"], [NeedCategory.Education, NeedCategory.Living], 30_000, Today, Today, Now);

        var allocation = Assert.Single(Matcher.Match([pledge], needs, new MatchingContext(new Dictionary<Guid, long>(), [], new Dictionary<Guid, IReadOnlySet<string>>(), Today, Now)));

        Assert.Equal(30_000, allocation.Quantity);
        Assert.Equal(1_000_000 - 30_000, pledge.Remaining);
    }

    [Fact]
    public void An_exclusive_benefit_the_person_already_has_from_a_department_is_not_allocated_again_and_the_refusal_says_why()
    {
        var student = Guid.NewGuid();
        var covered = Need(5, "520402101201", person: student);
        var uncovered = Need(2, "520402101201");
        var pledge = TuitionPledge(places: 5);
        var held = new[] { new HeldBenefit(covered.HouseholdId, student, "education.tuition-waiver", new DateOnly(2026, 3, 1), new DateOnly(2026, 7, 15), "grantor education") };

        var outcome = Matcher.Run([pledge], [covered, uncovered], Context(held));

        // The more severe need is passed over: the student has the waiver for an overlapping term.
        var allocation = Assert.Single(outcome.Allocations);
        Assert.Equal(uncovered.Id, allocation.NeedId);
        Assert.Contains("education.tuition-waiver is exclusive", allocation.Explanation);
        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal(covered.Id, refusal.Need.Id);
        Assert.Contains("exclusive", refusal.Explanation);
        Assert.Contains("grantor education", refusal.Explanation);
        Assert.Contains("2026-03-01..2026-07-15", refusal.Explanation);
        Assert.Equal(4, pledge.Remaining); // the refused need took no units
    }

    [Fact]
    public void An_exclusive_benefit_for_a_period_that_does_not_overlap_or_for_another_member_is_allocated()
    {
        var student = Guid.NewGuid();
        var need = Need(5, "520402101201", person: student);
        var pledge = TuitionPledge(places: 1);
        var held = new[]
        {
            new HeldBenefit(need.HouseholdId, student, "education.tuition-waiver", new DateOnly(2025, 3, 1), new DateOnly(2025, 7, 15), "grantor education"),
            new HeldBenefit(need.HouseholdId, Guid.NewGuid(), "education.tuition-waiver", new DateOnly(2026, 3, 1), new DateOnly(2026, 7, 15), "grantor education"),
        };

        var outcome = Matcher.Run([pledge], [need], Context(held));

        Assert.Equal(need.Id, Assert.Single(outcome.Allocations).NeedId);
        Assert.Empty(outcome.Refusals);
    }

    [Fact]
    public void A_stackable_benefit_is_allocated_whatever_the_household_already_has()
    {
        var need = Need(5, "520402101201");
        var pledge = Pledge.Create(Guid.NewGuid(), "k", "d", PledgeKind.Money, "t", 100_000, 1, ["5204"], [NeedCategory.Education], 50_000,
            Today, Today.AddDays(30), Now);
        var held = new[]
        {
            new HeldBenefit(need.HouseholdId, null, "donor.money", Today, Today, "grantor 91350100M000100Y43"),
            new HeldBenefit(need.HouseholdId, null, "education.tuition-waiver", Today, Today, "grantor education"),
        };

        var outcome = Matcher.Run([pledge], [need], Context(held));

        var allocation = Assert.Single(outcome.Allocations);
        Assert.Contains("donor.money is stackable", allocation.Explanation);
        Assert.Empty(outcome.Refusals);
    }

    [Fact]
    public void Two_pledges_of_an_exclusive_benefit_give_it_to_a_person_once_in_a_run_and_across_runs()
    {
        var student = Guid.NewGuid();
        var need = Need(4, "520402101201", person: student);
        var first = TuitionPledge(places: 3, created: Now.AddDays(-2));
        var second = TuitionPledge(places: 3, created: Now.AddDays(-1));

        var run = Matcher.Run([first, second], [need], Context([]));

        Assert.Equal(first.Id, Assert.Single(run.Allocations).PledgeId);
        Assert.Equal(second.Id, Assert.Single(run.Refusals).PledgeId);
        Assert.Contains("an allocation of this run", run.Refusals[0].Explanation);

        // A later run, over the first's allocation, refuses again.
        var third = TuitionPledge(places: 3, created: Now);
        var later = Matcher.Run([third], [need], Context([]) with { Existing = run.Allocations.ToList() });
        Assert.Empty(later.Allocations);
        Assert.Contains("an earlier allocation", Assert.Single(later.Refusals).Explanation);
    }

    [Fact]
    public void A_benefit_whose_rule_is_unknown_or_missing_from_the_catalogue_is_never_allocated()
    {
        var catalogue = new BenefitCatalogue(1, new Dictionary<string, BenefitRule> { ["donor.money"] = BenefitRule.Unknown });
        var pledge = Pledge.Create(Guid.NewGuid(), "k", "d", PledgeKind.Money, "t", 100_000, 1, ["5204"], [NeedCategory.Education], 50_000,
            Today, Today, Now);

        var outcome = Matcher.Run([pledge], [Need(3, "520402101201")], Context([]) with { Catalogue = catalogue });

        Assert.Empty(outcome.Allocations);
        Assert.Contains("rule this service does not know", Assert.Single(outcome.Refusals).Explanation);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void On_generated_data_with_exclusive_benefits_no_person_gets_one_twice_for_overlapping_periods(int seed)
    {
        var random = new Random(seed);
        var households = Enumerable.Range(0, 30).Select(_ => (Id: SeededGuid(random), Persons: Enumerable.Range(0, 3).Select(_ => SeededGuid(random)).ToList())).ToList();
        var needs = households.SelectMany(h => h.Persons.Where(_ => random.Next(2) == 0).Select(p => new OpenNeed
        {
            Id = SeededGuid(random), HouseholdId = h.Id, PersonId = p, RegionCode = Villages[random.Next(3)], Category = NeedCategory.Education,
            Severity = random.Next(1, 6), Reason = "", OpenedAt = Now,
        })).ToList();
        var held = households.SelectMany(h => h.Persons.Where(_ => random.Next(3) == 0).Select(p =>
        {
            var start = Today.AddDays(random.Next(-200, 200));
            return new HeldBenefit(h.Id, p, "education.tuition-waiver", start, start.AddDays(120), "grantor education");
        })).ToList();
        var pledges = Enumerable.Range(0, 4).Select(i => Pledge.Create(SeededGuid(random), $"k{i}", "d", PledgeKind.Training, "t", random.Next(3, 20), 50_000,
            ["5204"], [NeedCategory.Education], 1, Today.AddDays(random.Next(-30, 1)), Today.AddDays(random.Next(30, 150)), Now.AddDays(-i),
            benefitTypeCode: random.Next(3) == 0 ? "education.vocational-training" : "education.tuition-waiver")).ToList();

        var outcome = Matcher.Run(pledges, needs, Context(held));

        Assert.NotEmpty(outcome.Allocations);
        var byId = pledges.ToDictionary(p => p.Id);
        var granted = held.Select(h => (h.PersonId, h.BenefitTypeCode, h.PeriodStart, h.PeriodEnd)).ToList();
        foreach (var a in outcome.Allocations)
        {
            var pledge = byId[a.PledgeId];
            if (pledge.BenefitTypeCode == "education.tuition-waiver")
                Assert.DoesNotContain(granted, g => g.PersonId == a.PersonId && g.BenefitTypeCode == a.BenefitTypeCode
                    && g.PeriodStart <= a.PeriodEnd && a.PeriodStart <= g.PeriodEnd);
            granted.Add((a.PersonId, a.BenefitTypeCode, a.PeriodStart, a.PeriodEnd));
        }
        // Every refusal is a real clash, not a lost need: the refused person holds the benefit for an overlapping period.
        foreach (var r in outcome.Refusals)
        {
            var pledge = byId[r.PledgeId];
            Assert.Contains(granted, g => g.PersonId == r.Need.PersonId && g.BenefitTypeCode == pledge.BenefitTypeCode
                && g.PeriodStart <= pledge.ValidUntil && pledge.ValidFrom <= g.PeriodEnd);
        }
    }

    private static Pledge TuitionPledge(long places, DateTime? created = null) =>
        Pledge.Create(Guid.NewGuid(), "k", "d", PledgeKind.Training, "学费资助", places, 300_000, ["5204"], [NeedCategory.Education], 1,
            new DateOnly(2026, 3, 1), new DateOnly(2026, 7, 15), created ?? Now, benefitTypeCode: "education.tuition-waiver");

    private static MatchingContext Context(IReadOnlyCollection<HeldBenefit> held) =>
        new(new Dictionary<Guid, long>(), [], new Dictionary<Guid, IReadOnlySet<string>>(), Today, Now, held);

    private static OpenNeed Need(int severity, string village, Guid? household = null, NeedCategory category = NeedCategory.Education, Guid? person = null) => new()
    {
        Id = Guid.NewGuid(), HouseholdId = household ?? Guid.NewGuid(), PersonId = person, RegionCode = village, Category = category,
        Severity = severity, Reason = "", OpenedAt = Now,
    };

    private static List<(Guid, Guid, long)> Key(IEnumerable<Allocation> allocations) =>
        allocations.Select(a => (a.PledgeId, a.NeedId, a.Quantity)).ToList();
}
