using System.Globalization;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Coordination.Households.Tests;

/// <summary>
/// The acceptance test of the mask: every registry response that carries a masked person, read as a
/// caller without personal-data:unmasked, leaves at least 10,000 valid ID numbers for each person
/// once everything it shows is put together (the region's area, the sex, the masked number, the
/// birth year), and shows nothing of the hidden digits anywhere else in the response.
/// </summary>
public class MaskedPersonCandidateTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long Enough = 10_000;
    private static readonly UnmaskedRead Read = new() { RequestedBy = "安全测试", Purpose = "核对掩码" };
    private HouseholdsFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await HouseholdsFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>
    /// The hard cases: a two- and a four-character name, a compound surname, IDs ending in X, a
    /// baby of three days, a person born on 1900-01-01 and one on a leap day.
    /// </summary>
    private static RegisterHouseholdRequest Hard(string region)
    {
        var request = DeduplicationTests.Family(region);
        request.Members.Clear();
        request.Members.Add(WithCheckX("欧阳娜娜", new DateOnly(1980, 2, 29), Sex.Female, Relation.Head, region));
        request.Members.Add(InArea(People.Member("李四", new DateOnly(1900, 1, 1), Sex.Male, Relation.Parent), region));
        request.Members.Add(WithCheckX("司马相如", new DateOnly(1983, 7, 9), Sex.Male, Relation.Spouse, region));
        request.Members.Add(InArea(People.Member("李小四", Today.AddDays(-3), Sex.Male, Relation.Child), region));
        return request;
    }

    /// <summary>The member's number issued in the household's own county, as the counter assumes the attacker does.</summary>
    private static MemberInput InArea(MemberInput member, string region)
    {
        var birthDate = DateOnly.Parse(member.BirthDate, CultureInfo.InvariantCulture);
        member.NationalId = People.NationalId(birthDate, member.Sex, region[..6]);
        return member;
    }

    /// <summary>A member whose number ends in X: the sequence is walked until the check character is X.</summary>
    private static MemberInput WithCheckX(string name, DateOnly birthDate, Sex sex, Relation relation, string region)
    {
        var member = People.Member(name, birthDate, sex, relation);
        for (var s = sex == Sex.Male ? 1 : 0; s < 1000; s += 2)
        {
            var first17 = region[..6] + birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + s.ToString("000", CultureInfo.InvariantCulture);
            if (BuildingBlocks.Domain.NationalId.CheckCharacter(first17) != 'X') continue;
            member.NationalId = first17 + "X";
            return member;
        }
        throw new InvalidOperationException("No sequence gives X.");
    }

    /// <summary>Every member of one response: the count, the truth admitted, and no further trace.</summary>
    private long Check(string response, string what, string regionCode, IEnumerable<(string MaskedId, string Name, Sex Sex, string BirthDate, string PersonId)> people,
        IReadOnlyDictionary<string, MemberInput> truth)
    {
        var least = long.MaxValue;
        foreach (var person in people)
        {
            var real = truth[person.PersonId];
            var candidates = new NationalIdCandidates(Today).Area(regionCode).MaskedId(person.MaskedId)
                .Male(person.Sex == Sex.Male).BirthDate(person.BirthDate);
            Assert.True(candidates.Admits(real.NationalId), $"{what}: the counter excludes the real number ({candidates.Evidence.Count} facts)");
            var count = candidates.Count();
            output.WriteLine($"{what}, {person.Name}: {candidates}");
            Assert.True(count >= Enough, $"{what}: {candidates}");
            PersonalTraces.AssertAbsent(response, real.NationalId, DateOnly.Parse(real.BirthDate, CultureInfo.InvariantCulture), real.Name);
            least = Math.Min(least, count);
        }
        return least;
    }

    private static IEnumerable<(string, string, Sex, string, string)> Members(Household h) =>
        h.Members.Select(m => (m.NationalId, m.Name, m.Sex, m.BirthDate, m.PersonId));

    [Fact]
    public async Task Every_registry_response_with_a_masked_person_leaves_at_least_10000_candidate_numbers()
    {
        var registry = _factory.Registry();
        var permitted = new HouseholdRegistry.HouseholdRegistryClient(_factory.Channel(TestCaller.Broad.Unmasked()));
        var request = Hard("520402101201");
        var registered = await registry.RegisterHouseholdAsync(request);

        // The truth, by person id, from an audited unmasked read.
        var clear = await permitted.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId, Unmasked = Read });
        var truth = clear.Members.ToDictionary(m => m.PersonId, m => request.Members.Single(i => i.NationalId == m.NationalId));

        Check(registered.ToString(), "RegisterHousehold", registered.RegionCode, Members(registered), truth);
        var read = await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId });
        Check(read.ToString(), "GetHousehold", read.RegionCode, Members(read), truth);
        var listed = Assert.Single((await registry.ListHouseholdsAsync(new ListHouseholdsRequest { RegionPrefix = "520402101201", PageSize = 10 })).Households);
        Check(listed.ToString(), "ListHouseholds", listed.RegionCode, Members(listed), truth);
        foreach (var input in request.Members)
        {
            var resolved = await registry.ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = input.NationalId });
            var m = resolved.Member;
            // Its caller knew the number; what matters is that the answer adds nothing for anyone else who sees it.
            Check(resolved.ToString(), "ResolveNationalId", resolved.RegionCode, [(m.NationalId, m.Name, m.Sex, m.BirthDate, m.PersonId)], truth);
        }

        // The names: the surname, compound when it is one, and exactly one star.
        Assert.Equal(["司马*", "李*", "李*", "欧阳*"], read.Members.Select(m => m.Name).Order());
        Assert.All(read.Members.Where(m => m.Name.Length == 3), m => Assert.Equal("*****************X", m.NationalId));
        Assert.Equal((Today.Year - 1).ToString(CultureInfo.InvariantCulture) + "+", read.Members.Single(m => m.Relation == Relation.Child).BirthDate);
    }

    /// <summary>The counter finds the attack the mask closes, and why the last four cannot be shown.</summary>
    [Fact]
    public void Wider_masks_leave_too_few_candidates()
    {
        var id = "52040219800314052" + BuildingBlocks.Domain.NationalId.CheckCharacter("52040219800314052"); // a woman born 1980-03-14
        var today = new DateOnly(2026, 12, 4);
        // The former mask: first and last four, the birth date in clear, the region: one number left.
        var former = new NationalIdCandidates(today).Area("520402101201").MaskedId(id[..4] + "**********" + id[14..]).BirthDate("1980-03-14");
        Assert.Equal(1, former.Count());
        Assert.True(former.Admits(id));
        // The last four with the birth year: a few dozen.
        var lastFourAndYear = new NationalIdCandidates(today).Area("520402101201").MaskedId("**************" + id[14..]).BirthDate("1980");
        Assert.InRange(lastFourAndYear.Count(), 1, 100);
        // The last four with no birth date at all: still under 10,000 (the check character does the rest).
        var lastFourOnly = new NationalIdCandidates(today).Area("520402101201").MaskedId("**************" + id[14..]);
        Assert.InRange(lastFourOnly.Count(), 1, Enough - 1);
        // Today's mask: the check character and the year, with the sex.
        var now = new NationalIdCandidates(today).Area("520402101201").MaskedId(new string('*', 17) + id[17..]).Male(false).BirthDate("1980");
        Assert.True(now.Admits(id));
        Assert.True(now.Count() >= Enough, now.ToString());
        output.WriteLine($"former {former.Count()}, last four and year {lastFourAndYear.Count()}, last four only {lastFourOnly.Count()}, today's {now.Count()}");
    }

    [Fact]
    public async Task A_duplicate_candidate_shows_both_persons_masked_leaving_at_least_10000_candidates_each()
    {
        var registry = _factory.Registry();
        var permitted = new HouseholdRegistry.HouseholdRegistryClient(_factory.Channel(TestCaller.Broad.Unmasked()));
        var first = DeduplicationTests.Family("520402101201");
        foreach (var m in first.Members) InArea(m, "520402101201");
        var again = DeduplicationTests.FiledAgain(first);
        foreach (var m in again.Members.Skip(1)) InArea(m, "520402101202");
        var truth = new Dictionary<string, MemberInput>();
        foreach (var request in new[] { first, again })
        {
            var h = await registry.RegisterHouseholdAsync(request);
            var clear = await permitted.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = h.HouseholdId, Unmasked = Read });
            foreach (var m in clear.Members) truth[m.PersonId] = request.Members.Single(i => i.NationalId == m.NationalId);
        }

        var candidate = Assert.Single((await registry.ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest { RegionPrefix = "520402" })).Candidates);
        foreach (var p in new[] { candidate.Person, candidate.OtherPerson })
            Check(candidate.ToString(), "ListDuplicateCandidates", p.RegionCode, [(p.NationalId, p.Name, p.Sex, p.BirthDate, p.PersonId)], truth);
    }
}
