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
/// Changes a household's facts and members under optimistic concurrency: the caller names the
/// version it read, a stale one is refused (Aborted) and nothing is written. The same field rules as
/// registration apply, to the request and to the household that would result (one head, one person
/// once). The new state leaves as HouseholdUpdated in the same transaction.
/// </summary>
public sealed class HouseholdUpdate(HouseholdsDbContext db, PersonalDataProtector protector, PersonNames names, DuplicateFinder duplicates, TimeProvider time)
{
    public async Task<Household> UpdateAsync(Api.UpdateHouseholdRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var now = time.GetUtcDateTime();
        var today = DateOnly.FromDateTime(now);
        var v = new Validation();
        var householdId = HouseholdValidation.Id(v, request.HouseholdId, "household_id");
        v.Require(request.Version > 0, "version", "send the version you read (Household.version)");
        v.ThrowIfInvalid();

        var household = await db.Households.Include(h => h.Members).Include(h => h.MonitoringFlags)
            .SingleOrDefaultAsync(h => h.Id == householdId, cancellationToken)
            ?? throw new NotFoundException("Household", request.HouseholdId);
        // Before its version or members are judged: those would tell an outsider about the household.
        scope.Require(household.RegionCode, "Household", request.HouseholdId);
        if (household.Version != request.Version) throw Stale(household.Version, request.Version);
        household.EnsureNotMerged();

        if (request.HasAddress) HouseholdValidation.Address(v, request.Address, "address");
        if (request.HasAssignedHelper) HouseholdValidation.AssignedHelper(v, request.AssignedHelper, "assigned_helper");
        if (request.HasIncomePerCapitaFen) HouseholdValidation.Income(v, request.IncomePerCapitaFen, "income_per_capita_fen");
        if (request.HasHousing) HouseholdValidation.Housing(v, request.Housing, "housing", required: true);
        if (request.HasArableLandTenthMu) HouseholdValidation.ArableLand(v, request.ArableLandTenthMu, "arable_land_tenth_mu");
        if (request.PovertyCauses is { } causes) HouseholdValidation.PovertyCauses(v, causes.Causes, "poverty_causes.causes");

        if (!v.Require(request.AddMembers.Count + request.ChangeMembers.Count + request.RemovePersonIds.Count <= 3 * HouseholdValidation.MaxMembers,
                "add_members", $"a household has at most {HouseholdValidation.MaxMembers} members"))
            v.ThrowIfInvalid();
        var byId = household.Members.ToDictionary(m => m.Id);
        var removed = new Dictionary<Guid, int>();
        for (var i = 0; i < request.RemovePersonIds.Count; i++)
        {
            var field = $"remove_person_ids[{i}]";
            if (Member(v, request.RemovePersonIds[i], field, byId) is not { } member) continue;
            if (!removed.TryAdd(member.Id, i)) v.Add(field, "is listed twice");
        }

        // The household as it would be: (row or null for a new one, its facts, its hash, the field that set it).
        var result = household.Members.Where(m => !removed.ContainsKey(m.Id))
            .Select(m => new Outcome(m, null, m.NationalIdHash, m.Relation, null)).ToDictionary(o => o.Existing!.Id);
        var changed = new HashSet<Guid>();
        for (var i = 0; i < request.ChangeMembers.Count; i++)
        {
            var change = request.ChangeMembers[i];
            var field = $"change_members[{i}]";
            if (Member(v, change.PersonId, $"{field}.person_id", byId) is not { } member) continue;
            if (removed.ContainsKey(member.Id)) { v.Add($"{field}.person_id", "is also removed by this update"); continue; }
            if (!changed.Add(member.Id)) { v.Add($"{field}.person_id", "is changed twice"); continue; }
            if (change.Member is null) { v.Add($"{field}.member", "is required"); continue; }
            if (HouseholdValidation.Member(v, change.Member, $"{field}.member", today, (member.Sex, member.BirthDate)) is not { } valid) continue;
            var hash = valid.NationalId is { } id ? protector.Hash(id.Value) : member.NationalIdHash;
            result[member.Id] = new Outcome(member, valid, hash, valid.Relation, $"{field}.member");
        }
        var added = new List<Outcome>();
        for (var i = 0; i < request.AddMembers.Count; i++)
        {
            var field = $"add_members[{i}]";
            if (HouseholdValidation.Member(v, request.AddMembers[i], field, today) is not { } valid) continue;
            added.Add(new Outcome(null, valid, protector.Hash(valid.NationalId!.Value.Value), valid.Relation, field));
        }
        var outcome = result.Values.Concat(added).ToList();
        CheckHousehold(v, household, removed, outcome);
        v.ThrowIfInvalid();

        var newPeople = outcome.Where(o => o.Input?.NationalId is not null && o.Hash != o.Existing?.NationalIdHash)
            .Select(o => (Hashes: protector.LookupHashes(o.Input!.NationalId!.Value.Value), Field: o.Field + ".national_id")).ToList();
        await db.EnsureInNoOtherHouseholdAsync(newPeople, household.Id, cancellationToken);

        household.ChangeFacts(
            request.HasAddress ? request.Address.Trim() : null,
            request.HasIncomePerCapitaFen ? request.IncomePerCapitaFen : null,
            request.HasAssignedHelper ? request.AssignedHelper.Trim() : null,
            request.PovertyCauses?.Causes.Select(c => (Vocabulary.PovertyCause)c),
            request.HasHousing ? (Vocabulary.HousingCondition)request.Housing : null,
            request.HasArableLandTenthMu ? request.ArableLandTenthMu : null);
        foreach (var id in removed.Keys) household.Members.Remove(byId[id]);
        // People to look for among possible duplicates: the new ones, and those now known by another name or birth date.
        var searched = new List<Member>();
        foreach (var o in outcome.Where(o => o.Existing is not null && o.Input is not null))
        {
            var m = o.Input!;
            var pinyinKey = o.Existing!.PinyinKey;
            o.Existing.Change(names.Protect(m.Name, m.BirthDate, o.Existing.Id), m.NationalId is { } id ? protector.Protect(id, o.Existing.Id) : null,
                m.Sex, m.BirthDate, m.Relation, m.Health, m.LabourCapacity, m.SchoolingStage);
            if (o.Existing.PinyinKey != pinyinKey) searched.Add(o.Existing);
        }
        foreach (var o in added)
        {
            var member = HouseholdRegistration.NewMember(o.Input!, protector, names, now);
            // Added explicitly: a new row found only through the navigation, with its key already set, would be taken for an existing one.
            household.Members.Add(member);
            db.Members.Add(member);
            searched.Add(member);
        }
        await duplicates.FindAsync(household, searched, now, cancellationToken);
        household.NewVersion(now);
        db.AddIntegrationEvent(new HouseholdUpdated(
            household.Id, household.Version, household.RegionCode, household.PovertyCauses, household.IncomePerCapitaFen,
            household.Members.Select(HouseholdRegistration.ToEvent).ToList(), now, household.Housing));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another update committed between our read and our write: its version won.
            throw Stale(null, request.Version);
        }
        catch (DbUpdateException)
        {
            if (await db.AnyInOtherHouseholdAsync(newPeople.SelectMany(p => p.Hashes), household.Id))
                throw new AlreadyExistsException("A person added by this update was registered by a concurrent call; one person, one household.");
            throw;
        }
        return household;
    }

    private sealed record Outcome(Member? Existing, ValidatedMember? Input, string Hash, Vocabulary.Relation Relation, string? Field);

    private static Member? Member(Validation v, string personId, string field, Dictionary<Guid, Member> members)
    {
        if (!Guid.TryParse(personId, out var id)) { v.Add(field, "must be a person id (a UUID)"); return null; }
        if (members.TryGetValue(id, out var member)) return member;
        v.Add(field, "is not a member of this household");
        return null;
    }

    /// <summary>The rules of the whole household after the update, each named at the request field that breaks it.</summary>
    private static void CheckHousehold(Validation v, Household household, Dictionary<Guid, int> removed, List<Outcome> outcome)
    {
        if (outcome.Count == 0)
        {
            v.Add("remove_person_ids", "a household keeps at least one member");
            return;
        }
        if (outcome.Count > HouseholdValidation.MaxMembers)
            v.Add("add_members", $"a household has at most {HouseholdValidation.MaxMembers} members");
        var heads = outcome.Where(o => o.Relation == Vocabulary.Relation.Head).ToList();
        if (heads.Count > 1)
        {
            foreach (var head in heads.Where(h => h.Field is not null))
                v.Add(head.Field + ".relation", $"exactly one member must be the head; this update would make {heads.Count}");
        }
        else if (heads.Count == 0)
        {
            var head = household.Members.Single(m => m.Relation == Vocabulary.Relation.Head);
            var field = removed.TryGetValue(head.Id, out var index)
                ? $"remove_person_ids[{index}]"
                : outcome.Single(o => o.Existing?.Id == head.Id).Field + ".relation";
            v.Add(field, "exactly one member must be the head (RELATION_HEAD); this update would leave none");
        }
        var seen = new Dictionary<string, Outcome>();
        foreach (var o in outcome)
        {
            if (seen.TryGetValue(o.Hash, out var other))
            {
                var mine = o.Field ?? other.Field!;
                v.Add(mine + ".national_id", "is the same person as another member of this household");
            }
            else seen[o.Hash] = o;
        }
    }

    private static ConcurrencyConflictException Stale(long? current, long sent) => new(current is { } c
        ? $"The household is at version {c}, not {sent}: it changed since it was read. Read it again and retry."
        : $"The household changed since version {sent} was read. Read it again and retry.");
}
