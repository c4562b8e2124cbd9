using System.Globalization;
using System.Security.Cryptography;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.Contracts.Events;
using Coordination.Households.Data;
using Coordination.Households.Domain;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Households.V1;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Households.Registration;

/// <summary>
/// Files a household (建档立卡): validates every field and names it in the error, enforces one person,
/// one household on the keyed hash of the ID number, and saves the household with its
/// HouseholdRegistered event in one transaction. Invalid input stores nothing.
/// </summary>
public sealed class HouseholdRegistration(HouseholdsDbContext db, PersonalDataProtector protector, TimeProvider time)
{
    public async Task<Household> RegisterAsync(Api.RegisterHouseholdRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcDateTime();
        var members = Validate(request, DateOnly.FromDateTime(now), now);

        var hashes = members.Select(m => m.Member.NationalIdHash).ToList();
        var existing = await db.Members.AsNoTracking()
            .Where(m => hashes.Contains(m.NationalIdHash))
            .Join(db.Households, m => m.HouseholdId, h => h.Id, (m, h) => new { m.NationalIdHash, h.RegistrationNumber })
            .ToListAsync(cancellationToken);
        if (existing.Count > 0)
        {
            var conflict = existing[0];
            var index = hashes.IndexOf(conflict.NationalIdHash);
            throw new AlreadyExistsException(
                $"members[{index}].national_id: this person already belongs to household {MaskRegistrationNumber(conflict.RegistrationNumber)}; one person, one household.");
        }

        var household = Household.Register(
            NewRegistrationNumber(request.RegionCode), request.RegionCode, request.Address.Trim(),
            request.PovertyCauses.Select(c => (Vocabulary.PovertyCause)c), request.IncomePerCapitaFen,
            request.AssignedHelper.Trim(), members.Select(m => m.Member), now);
        db.Households.Add(household);
        db.AddIntegrationEvent(new HouseholdRegistered(
            household.Id, household.RegistrationNumber, household.RegionCode, household.Status,
            household.PovertyCauses, household.IncomePerCapitaFen,
            household.Members.Select(ToEvent).ToList(), household.RegisteredAt));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another registration of the same person may have committed between our check and our insert.
            if (await AnyRegisteredAsync(hashes))
                throw new AlreadyExistsException("A member of this household was registered by a concurrent call; one person, one household.");
            throw;
        }
        return household;
    }

    public static HouseholdMember ToEvent(Member m) =>
        new(m.Id, m.Relation, m.Sex, m.BirthDate, m.Health, m.LabourCapacity, m.SchoolingStage);

    private List<(Member Member, int Index)> Validate(Api.RegisterHouseholdRequest request, DateOnly today, DateTime now)
    {
        var v = new Validation();
        if (!RegionCode.IsValidVillage(request.RegionCode, out var regionError)) v.Add("region_code", regionError);
        var address = request.Address.Trim();
        v.Require(address.Length is > 0 and <= 200, "address", "is required, at most 200 characters");
        v.Require(request.AssignedHelper.Trim().Length <= 100, "assigned_helper", "at most 100 characters");
        v.Require(request.IncomePerCapitaFen >= 0, "income_per_capita_fen", "must not be negative");
        v.Require(request.PovertyCauses.Count > 0, "poverty_causes", "name at least one cause of poverty");
        for (var i = 0; i < request.PovertyCauses.Count; i++)
        {
            if (!Defined(request.PovertyCauses[i])) v.Add($"poverty_causes[{i}]", "is not a known cause of poverty");
            else if (request.PovertyCauses.Take(i).Contains(request.PovertyCauses[i])) v.Add($"poverty_causes[{i}]", "is listed twice");
        }

        v.Require(request.Members.Count > 0, "members", "a household has at least one member");
        var heads = request.Members.Count(m => m.Relation == Api.Relation.Head);
        if (request.Members.Count > 0 && heads != 1)
            v.Add("members", heads == 0 ? "exactly one member must be the head (RELATION_HEAD); there is none" : $"exactly one member must be the head; there are {heads}");

        var members = new List<(Member, int)>();
        var seenHashes = new Dictionary<string, int>();
        for (var i = 0; i < request.Members.Count; i++)
        {
            var m = request.Members[i];
            var field = $"members[{i}]";
            var name = m.Name.Trim();
            v.Require(name.Length is > 0 and <= 50, $"{field}.name", "is required, at most 50 characters");
            v.Require(Defined(m.Relation), $"{field}.relation", "is required");
            v.Require(Defined(m.Health), $"{field}.health", "is required");
            v.Require(Defined(m.LabourCapacity), $"{field}.labour_capacity", "is required");
            v.Require(Defined(m.SchoolingStage), $"{field}.schooling_stage", "is required");
            var sexGiven = v.Require(Defined(m.Sex), $"{field}.sex", "is required");
            var birthGiven = DateOnly.TryParseExact(m.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate);
            if (!birthGiven) v.Add($"{field}.birth_date", "must be a date, yyyy-MM-dd");
            else if (birthDate > today) v.Add($"{field}.birth_date", "is in the future");

            if (!NationalId.TryParse(m.NationalId, today, out var id, out var idError))
            {
                v.Add($"{field}.national_id", idError);
                continue;
            }
            if (birthGiven && id.BirthDate != birthDate) v.Add($"{field}.birth_date", "does not agree with the birth date in the national ID");
            if (sexGiven && id.Sex != (Vocabulary.Sex)m.Sex) v.Add($"{field}.sex", "does not agree with the national ID (its 17th digit is odd for men, even for women)");
            var hash = protector.Hash(id.Value);
            if (seenHashes.TryGetValue(hash, out var first))
            {
                v.Add($"{field}.national_id", $"is the same person as members[{first}]");
                continue;
            }
            seenHashes[hash] = i;
            if (!v.IsValid) continue; // build members only while the request can still succeed

            members.Add((Member.Create(
                new PersonalName(protector.Encrypt(name), PersonalDataProtector.MaskName(name)),
                new ProtectedNationalId(protector.Encrypt(id.Value), hash, id.Masked),
                id.Sex, id.BirthDate, (Vocabulary.Relation)m.Relation, (Vocabulary.HealthStatus)m.Health,
                (Vocabulary.LabourCapacity)m.LabourCapacity, (Vocabulary.SchoolingStage)m.SchoolingStage, now), i));
        }
        v.ThrowIfInvalid();
        return members;
    }

    private async Task<bool> AnyRegisteredAsync(List<string> hashes)
    {
        db.ChangeTracker.Clear();
        return await db.Members.AnyAsync(m => hashes.Contains(m.NationalIdHash));
    }

    // Proto enums: 0 is "unspecified", which a registration may not leave open.
    private static bool Defined<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0 && Enum.IsDefined(value);

    private static string NewRegistrationNumber(string regionCode) =>
        regionCode + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));

    /// <summary>Enough to tell a coordinator where to look (the village), not enough to address the household.</summary>
    private static string MaskRegistrationNumber(string number) =>
        number.Length > 10 ? string.Concat(number.AsSpan(0, 6), new string('*', number.Length - 10), number.AsSpan(number.Length - 4)) : "****";
}
