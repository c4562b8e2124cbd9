using Coordination.BuildingBlocks.PersonalData;
using Coordination.Households.Data;
using Coordination.Households.Domain;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Deduplication;

/// <summary>
/// Finds people who may already be in the registry under another ID number (a mistyped or made-up
/// one): the same normalised name or the same pinyin, the same birth date and the same county, in
/// another household. Each pair becomes a scored candidate for a coordinator to review; nothing is
/// merged here. Exact duplicates (the same ID number) never get this far: the keyed hash is unique.
/// </summary>
public sealed class DuplicateFinder(HouseholdsDbContext db, PersonalDataProtector protector)
{
    public const int NameScore = 50, PinyinScore = 30, BirthDateScore = 25, CountyScore = 10, VillageScore = 5, IdTypoScore = 10;

    /// <summary>
    /// Looks for possible duplicates of the people of households about to be filed, among the
    /// registry and among themselves, and queues each candidate for the caller's SaveChanges, so
    /// candidates commit with the households. Returns how many were found.
    /// </summary>
    public Task<int> FindAsync(IReadOnlyList<Household> households, DateTime now, CancellationToken cancellationToken) =>
        FindAsync(households.SelectMany(h => h.Members.Select(m => new Person(m, h.Id, h.RegionCode))).ToList(), [], now, cancellationToken);

    /// <summary>
    /// The same for some members of a household already filed: those an update added, renamed or
    /// gave another birth date. Pairs that are candidates already (under their old name, say) are not
    /// queued again.
    /// </summary>
    public async Task<int> FindAsync(Household household, IReadOnlyList<Member> members, DateTime now, CancellationToken cancellationToken)
    {
        if (members.Count == 0) return 0;
        var ids = members.Select(m => m.Id).ToList();
        var known = await db.DuplicateCandidates.AsNoTracking()
            .Where(c => ids.Contains(c.PersonId) || ids.Contains(c.OtherPersonId))
            .Select(c => new { c.PersonId, c.OtherPersonId })
            .ToListAsync(cancellationToken);
        var pairs = known.SelectMany(c => new[] { (c.PersonId, c.OtherPersonId), (c.OtherPersonId, c.PersonId) }).ToHashSet();
        return await FindAsync(members.Select(m => new Person(m, household.Id, household.RegionCode)).ToList(), pairs, now, cancellationToken);
    }

    private async Task<int> FindAsync(List<Person> people, HashSet<(Guid, Guid)> candidatesAlready, DateTime now, CancellationToken cancellationToken)
    {
        if (people.Count == 0) return 0;
        // The pinyin key holds the birth date, and people of the same simplified name share it too.
        var pinyins = people.Select(p => p.Member.PinyinKey).Distinct().ToList();
        // Two queries, each led by its own index: joined in SQL, SQLite's planner starts from the
        // households that are not merged (all of them) and a bulk import's cost grows with the registry.
        var members = await db.Members.AsNoTracking()
            .Where(m => EF.Parameter(pinyins).Contains(m.PinyinKey) && m.MergedIntoPersonId == null)
            .ToListAsync(cancellationToken);
        var householdIds = members.Select(m => m.HouseholdId).Distinct().ToList();
        var regions = await db.Households.AsNoTracking()
            .Where(h => EF.Parameter(householdIds).Contains(h.Id) && h.MergedIntoHouseholdId == null)
            .Select(h => new { h.Id, h.RegionCode })
            .ToDictionaryAsync(h => h.Id, h => h.RegionCode, cancellationToken);
        var known = members.Where(m => regions.ContainsKey(m.HouseholdId)).Select(m => new KnownPerson(m, regions[m.HouseholdId]));

        // Compared within a block of one birth date and county only; the new people join the block as
        // they are seen, so the same person twice in one import is found too.
        var blocks = known.Select(k => new Person(k.Member, k.Member.HouseholdId, k.RegionCode))
            .GroupBy(p => p.Block).ToDictionary(g => g.Key, g => g.ToList());
        var found = 0;
        foreach (var person in people)
        {
            if (!blocks.TryGetValue(person.Block, out var block)) blocks[person.Block] = block = [];
            foreach (var other in block)
            {
                if (candidatesAlready.Contains((person.Member.Id, other.Member.Id))) continue;
                if (Match(person, other) is not { } match) continue;
                db.Add(PersonDuplicateCandidate.New((person.Member.Id, person.HouseholdId), (other.Member.Id, other.HouseholdId),
                    person.RegionCode, match.Score, match.Reasons, now));
                found++;
            }
            block.Add(person);
        }
        return found;
    }

    private sealed record KnownPerson(Member Member, string RegionCode);

    private (int Score, List<string> Reasons)? Match(Person a, Person b)
    {
        if (a.HouseholdId == b.HouseholdId || a.Member.Id == b.Member.Id) return null;
        var reasons = new List<string>();
        int score;
        if (a.Member.BirthDate != b.Member.BirthDate) return null;
        if (a.Member.NameKey == b.Member.NameKey)
        {
            score = NameScore;
            reasons.Add("the same name once traditional characters are simplified and full-width ones made half-width");
        }
        else if (a.Member.PinyinKey == b.Member.PinyinKey)
        {
            score = PinyinScore;
            reasons.Add("the same name in pinyin, written with other characters");
        }
        else return null;
        score += BirthDateScore;
        reasons.Add("the same birth date");
        if (a.RegionCode == b.RegionCode)
        {
            score += CountyScore + VillageScore;
            reasons.Add("the same village");
        }
        else
        {
            score += CountyScore;
            reasons.Add("the same county");
        }
        var differences = Differences(protector.Decrypt(a.Member.NationalIdEncrypted, PersonalDataColumns.NationalId, a.Member.Id), protector.Decrypt(b.Member.NationalIdEncrypted, PersonalDataColumns.NationalId, b.Member.Id));
        if (differences <= 2)
        {
            score += IdTypoScore;
            reasons.Add($"ID numbers that differ in {differences} character{(differences == 1 ? "" : "s")}: a likely typing error");
        }
        else reasons.Add($"ID numbers that differ in {differences} characters");
        return (score, reasons);
    }

    /// <summary>Characters that differ, a swap of two neighbours counting as one (the commonest slips of a typist).</summary>
    public static int Differences(string a, string b)
    {
        if (a.Length != b.Length) return Math.Max(a.Length, b.Length);
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i]) continue;
            if (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 1] != b[i + 1])
            {
                count++;
                i++;
                continue;
            }
            count++;
        }
        return count;
    }

    private sealed record Person(Member Member, Guid HouseholdId, string RegionCode)
    {
        public (DateOnly, string) Block => (Member.BirthDate, RegionCode[..6]);
    }
}
