using System.Security.Cryptography;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.BuildingBlocks.Security;
using Coordination.Contracts.Events;
using Coordination.Households.Data;
using Coordination.Households.Deduplication;
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
public sealed class HouseholdRegistration(HouseholdsDbContext db, PersonalDataProtector protector, PersonNames names, DuplicateFinder duplicates, TimeProvider time)
{
    /// <summary>Files into a region of the caller's <paramref name="scope"/> only: checked after validation, before anything stored is looked at.</summary>
    public async Task<Household> RegisterAsync(Api.RegisterHouseholdRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var (household, members) = Prepare(request, time.GetUtcDateTime());
        scope.Require(household.RegionCode, "Region", household.RegionCode);
        await db.EnsureInNoOtherHouseholdAsync(
            members.Select(m => (m.Member.LookupHashes, $"members[{m.Index}].national_id")).ToList(), null, cancellationToken);
        await duplicates.FindAsync([household], household.RegisteredAt, cancellationToken);
        Add(household);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another registration of the same person may have committed between our check and our insert.
            if (await db.AnyInOtherHouseholdAsync(members.SelectMany(m => m.Member.LookupHashes), null))
                throw new AlreadyExistsException("A member of this household was registered by a concurrent call; one person, one household.");
            throw;
        }
        return household;
    }

    /// <summary>Validates a request and builds its household without touching the database (bulk import batches them).</summary>
    public (Household Household, List<(Member Member, int Index)> Members) Prepare(Api.RegisterHouseholdRequest request, DateTime now)
    {
        var members = Validate(request, DateOnly.FromDateTime(now), now);
        var household = Household.Register(
            NewRegistrationNumber(request.RegionCode), request.RegionCode, request.Address.Trim(),
            request.PovertyCauses.Select(c => (Vocabulary.PovertyCause)c), request.IncomePerCapitaFen,
            request.AssignedHelper.Trim(), members.Select(m => m.Member), now,
            request.Status == Api.HouseholdStatus.Identified ? Vocabulary.HouseholdStatus.Identified : Vocabulary.HouseholdStatus.Registered,
            request.Housing == Api.HousingCondition.Unspecified ? null : (Vocabulary.HousingCondition)request.Housing, request.ArableLandTenthMu);
        return (household, members);
    }

    /// <summary>Queues a prepared household and its HouseholdRegistered event for the next SaveChanges.</summary>
    public void Add(Household household)
    {
        db.Households.Add(household);
        db.AddIntegrationEvent(Registered(household));
    }

    public static HouseholdRegistered Registered(Household household) => new(
        household.Id, household.RegistrationNumber, household.RegionCode, household.Status,
        household.PovertyCauses, household.IncomePerCapitaFen,
        household.Members.Select(ToEvent).ToList(), household.RegisteredAt, household.Housing);

    public static HouseholdMember ToEvent(Member m) =>
        new(m.Id, m.Relation, m.Sex, m.BirthDate, m.Health, m.LabourCapacity, m.SchoolingStage);

    private List<(Member Member, int Index)> Validate(Api.RegisterHouseholdRequest request, DateOnly today, DateTime now)
    {
        var v = new Validation();
        if (!RegionCode.IsValidVillage(request.RegionCode, out var regionError)) v.Add("region_code", regionError);
        HouseholdValidation.Address(v, request.Address, "address");
        HouseholdValidation.AssignedHelper(v, request.AssignedHelper, "assigned_helper");
        HouseholdValidation.Income(v, request.IncomePerCapitaFen, "income_per_capita_fen");
        HouseholdValidation.PovertyCauses(v, request.PovertyCauses, "poverty_causes");
        HouseholdValidation.Housing(v, request.Housing, "housing", required: false);
        HouseholdValidation.ArableLand(v, request.ArableLandTenthMu, "arable_land_tenth_mu");
        v.Require(request.Status is Api.HouseholdStatus.Unspecified or Api.HouseholdStatus.Identified or Api.HouseholdStatus.Registered,
            "status", "a household is filed as identified or registered; it exits or returns to poverty later");

        v.Require(request.Members.Count > 0, "members", "a household has at least one member");
        // Refused before any member is looked at: each costs a keyed hash and an encryption.
        if (!v.Require(request.Members.Count <= HouseholdValidation.MaxMembers, "members", $"a household has at most {HouseholdValidation.MaxMembers} members"))
            v.ThrowIfInvalid();
        var heads = request.Members.Count(m => m.Relation == Api.Relation.Head);
        if (request.Members.Count > 0 && heads != 1)
            v.Add("members", heads == 0 ? "exactly one member must be the head (RELATION_HEAD); there is none" : $"exactly one member must be the head; there are {heads}");

        var validated = new List<(ValidatedMember Member, IReadOnlyList<string> Hashes, int Index)>();
        var seenHashes = new Dictionary<string, int>();
        for (var i = 0; i < request.Members.Count; i++)
        {
            var member = HouseholdValidation.Member(v, request.Members[i], $"members[{i}]", today);
            if (member?.NationalId is not { } id) continue;
            var hashes = protector.LookupHashes(id.Value);
            var hash = hashes[0];
            if (seenHashes.TryGetValue(hash, out var first))
            {
                v.Add($"members[{i}].national_id", $"is the same person as members[{first}]");
                continue;
            }
            seenHashes[hash] = i;
            validated.Add((member, hashes, i));
        }
        v.ThrowIfInvalid();
        return validated.Select(m => (NewMember(m.Member, protector, names, now, m.Hashes), m.Index)).ToList();
    }

    /// <summary>A new member row from a validated input that carries its national ID.</summary>
    /// <param name="hashes">The ID number's lookup hashes when the caller has them already (a bulk import computes a million).</param>
    public static Member NewMember(ValidatedMember m, PersonalDataProtector protector, PersonNames names, DateTime now, IReadOnlyList<string>? hashes = null)
    {
        // The id first: the cipher texts are bound to it.
        var id = Guid.CreateVersion7(now);
        return Member.Create(id, names.Protect(m.Name, m.BirthDate, id), protector.Protect(m.NationalId!.Value, id, hashes),
            m.Sex, m.BirthDate, m.Relation, m.Health, m.LabourCapacity, m.SchoolingStage);
    }

    // 64 random bits after the village: with 32, a county importing a million households would
    // expect a collision on the unique index now and then, and a valid household would be refused.
    private static string NewRegistrationNumber(string regionCode) =>
        regionCode + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
}
