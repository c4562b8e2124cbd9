using Coordination.BuildingBlocks.Domain;
using Coordination.Households.Data;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Registration;

/// <summary>One person, one household: checked on the keyed hash of the ID number before a write (the unique index backs it).</summary>
public static class PersonUniqueness
{
    /// <param name="people">
    /// Each new ID number's lookup hashes (every configured key's form, PersonalDataProtector.LookupHashes:
    /// a person filed before a hash-key rotation is found until re-hashed) with the request field that carries it.
    /// </param>
    /// <param name="exceptHousehold">The household being updated, whose own members are no conflict.</param>
    public static async Task EnsureInNoOtherHouseholdAsync(
        this HouseholdsDbContext db, IReadOnlyList<(IReadOnlyList<string> Hashes, string Field)> people, Guid? exceptHousehold, CancellationToken cancellationToken)
    {
        if (people.Count == 0) return;
        var hashes = people.SelectMany(p => p.Hashes).ToList();
        var existing = await db.Members.AsNoTracking()
            .Where(m => hashes.Contains(m.NationalIdHash) && m.HouseholdId != exceptHousehold)
            .Join(db.Households, m => m.HouseholdId, h => h.Id, (m, h) => new { m.NationalIdHash, h.RegistrationNumber })
            .ToListAsync(cancellationToken);
        if (existing.Count == 0) return;
        var conflict = existing[0];
        var field = people.First(p => p.Hashes.Contains(conflict.NationalIdHash)).Field;
        throw new AlreadyExistsException(
            $"{field}: this person already belongs to household {MaskRegistrationNumber(conflict.RegistrationNumber)}; one person, one household.");
    }

    /// <summary>After a unique-index failure: whether a concurrent call filed one of these people meanwhile.</summary>
    public static async Task<bool> AnyInOtherHouseholdAsync(this HouseholdsDbContext db, IEnumerable<string> hashes, Guid? exceptHousehold)
    {
        var list = hashes.ToList();
        db.ChangeTracker.Clear();
        return await db.Members.AnyAsync(m => list.Contains(m.NationalIdHash) && m.HouseholdId != exceptHousehold);
    }

    /// <summary>Enough to tell a coordinator where to look (the village), not enough to address the household.</summary>
    public static string MaskRegistrationNumber(string number) =>
        number.Length > 10 ? string.Concat(number.AsSpan(0, 6), new string('*', number.Length - 10), number.AsSpan(number.Length - 4)) : "****";
}
