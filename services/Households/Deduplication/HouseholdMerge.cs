using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Contracts.Events;
using Coordination.Households.Data;
using Coordination.Households.Domain;
using Coordination.Households.Registration;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Households.V1;

namespace Coordination.Households.Deduplication;

/// <summary>
/// Merges a household filed twice into its survivor, on a coordinator's explicit call and never by
/// itself: the merged record is kept and marked, its members move (or, when a candidate shows them
/// to be the survivor's people already, are linked), both histories record who, when and why, and
/// HouseholdsMerged plus the survivor's HouseholdUpdated leave through the outbox in the same transaction.
/// </summary>
public sealed class HouseholdMerge(HouseholdsDbContext db, TimeProvider time)
{
    public sealed record Result(Household Surviving, Household Merged, List<Member> Moved, List<Member> Linked);

    public async Task<Result> MergeAsync(Api.MergeHouseholdsRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var survivingId = HouseholdValidation.Id(v, request.SurvivingHouseholdId, "surviving_household_id");
        var mergedId = HouseholdValidation.Id(v, request.MergedHouseholdId, "merged_household_id");
        if (survivingId is not null && survivingId == mergedId) v.Add("merged_household_id", "is the surviving household itself");
        v.Require(request.SurvivingVersion > 0, "surviving_version", "send the version you read of the surviving household");
        v.Require(request.MergedVersion > 0, "merged_version", "send the version you read of the merged household");
        v.RequireReason(request.Reason, "reason");
        v.RequireWho(request.MergedBy, "merged_by");
        var candidateIds = new List<(Guid Id, string Field)>();
        for (var i = 0; i < request.CandidateIds.Count; i++)
        {
            var field = $"candidate_ids[{i}]";
            if (!Guid.TryParse(request.CandidateIds[i], out var id)) v.Add(field, "must be a candidate id (a UUID)");
            else if (candidateIds.Any(c => c.Id == id)) v.Add(field, "is listed twice");
            else candidateIds.Add((id, field));
        }
        v.ThrowIfInvalid();

        var surviving = await LoadAsync(survivingId!.Value, cancellationToken);
        var merged = await LoadAsync(mergedId!.Value, cancellationToken);
        // Both records change: the caller must serve both, before their versions tell it anything.
        scope.Require(surviving.RegionCode, "Household", surviving.Id.ToString());
        scope.Require(merged.RegionCode, "Household", merged.Id.ToString());
        if (surviving.Version != request.SurvivingVersion) throw Stale("surviving", surviving.Version, request.SurvivingVersion);
        if (merged.Version != request.MergedVersion) throw Stale("merged", merged.Version, request.MergedVersion);
        surviving.EnsureNotMerged();
        merged.EnsureNotMerged();

        var ids = candidateIds.Select(c => c.Id).ToList();
        var candidates = await db.DuplicateCandidates.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var samePersons = new Dictionary<Guid, Guid>();
        foreach (var (id, field) in candidateIds)
        {
            if (!candidates.TryGetValue(id, out var candidate)) v.Add(field, "is not a duplicate candidate");
            else if (!candidate.Links(surviving.Id, merged.Id)) v.Add(field, "does not pair a person of the merged household with one of the surviving household");
            else
            {
                var (mergedPerson, survivingPerson) = candidate.HouseholdId == merged.Id
                    ? (candidate.PersonId, candidate.OtherPersonId)
                    : (candidate.OtherPersonId, candidate.PersonId);
                if (!samePersons.TryAdd(mergedPerson, survivingPerson)) v.Add(field, "names a person of the merged household that another candidate names already");
            }
        }
        v.ThrowIfInvalid();

        var now = time.GetUtcDateTime();
        var (reason, by) = (request.Reason.Trim(), request.MergedBy.Trim());
        foreach (var candidate in candidates.Values) candidate.Merged(reason, by, now);
        var (moved, linked) = surviving.Absorb(merged, samePersons, now);
        db.History.Add(HouseholdHistoryEntry.Merge(merged.Id, HistoryEntryKind.MergedInto, surviving.Id, reason, by, now, merged.Version));
        db.History.Add(HouseholdHistoryEntry.Merge(surviving.Id, HistoryEntryKind.Absorbed, merged.Id, reason, by, now, surviving.Version));
        db.AddIntegrationEvent(new HouseholdsMerged(surviving.Id, merged.Id, moved.Select(m => m.Id).ToList(),
            linked.Select(m => new LinkedPerson(m.Id, samePersons[m.Id])).ToList(), reason, by, now));
        // The survivor's new members reach the departments' read models as a whole new state.
        db.AddIntegrationEvent(new HouseholdUpdated(
            surviving.Id, surviving.Version, surviving.RegionCode, surviving.PovertyCauses, surviving.IncomePerCapitaFen,
            surviving.Members.Select(HouseholdRegistration.ToEvent).ToList(), now, surviving.Housing));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("One of the households changed while they were merged: read both again and retry.");
        }
        return new Result(surviving, merged, moved, linked);
    }

    private async Task<Household> LoadAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Households.Include(h => h.Members).Include(h => h.MonitoringFlags).SingleOrDefaultAsync(h => h.Id == id, cancellationToken)
        ?? throw new NotFoundException("Household", id.ToString());

    private static ConcurrencyConflictException Stale(string which, long current, long sent) =>
        new($"The {which} household is at version {current}, not {sent}: it changed since it was read. Read it again and retry.");
}
