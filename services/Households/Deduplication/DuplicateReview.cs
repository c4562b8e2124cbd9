using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Grpc;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.BuildingBlocks.Security;
using Coordination.Households.Data;
using Coordination.Households.Registration;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Households.V1;

namespace Coordination.Households.Deduplication;

/// <summary>The coordinators' review list of possible duplicate persons, and their dismissals.</summary>
public sealed class DuplicateReview(HouseholdsDbContext db, TimeProvider time)
{
    /// <summary>
    /// Highest score first, paged by keyset (score, id): a coordinator working through the list
    /// decides candidates as they go, and a decided one leaving the list shifts no later page.
    /// </summary>
    public async Task<Api.ListDuplicateCandidatesResponse> ListAsync(Api.ListDuplicateCandidatesRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        if (request.RegionPrefix.Length > 0 && !RegionCode.IsValidPrefix(request.RegionPrefix))
            v.Add("region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        if (request.Status != Api.DuplicateCandidateStatus.Unspecified && !HouseholdValidation.Defined(request.Status))
            v.Add("status", "is not a candidate status");
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 2);
        var (lastScore, lastId) = (page.Int32(0), page.Guid(1));
        v.ThrowIfInvalid();

        var status = request.Status == Api.DuplicateCandidateStatus.Unspecified ? CandidateStatus.Pending : (CandidateStatus)request.Status;
        var query = db.DuplicateCandidates.AsNoTracking().Where(c => c.Status == status);
        if (request.RegionPrefix.Length > 0) query = query.InRegion(c => c.RegionCode, request.RegionPrefix);
        query = InScope(query, scope);
        if (!page.IsFirst) query = query.Where(c => c.Score < lastScore || (c.Score == lastScore && c.Id.CompareTo(lastId) > 0));
        var (candidates, next) = await page.ToPageAsync(query.OrderByDescending(c => c.Score).ThenBy(c => c.Id),
            c => [KeysetPage.Key(c.Score), c.Id.ToString()], cancellationToken);
        var response = new Api.ListDuplicateCandidatesResponse { NextPageToken = next };
        response.Candidates.AddRange(await ToResponsesAsync(candidates, cancellationToken));
        return response;
    }

    public async Task<Api.DuplicateCandidate> DismissAsync(Api.DismissDuplicateCandidateRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var valid = Guid.TryParse(request.CandidateId, out var id);
        v.Require(valid, "candidate_id", "must be a candidate id (a UUID)");
        v.RequireReason(request.Reason, "reason");
        v.RequireWho(request.DismissedBy, "dismissed_by");
        v.ThrowIfInvalid();
        var candidate = await db.DuplicateCandidates.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("Duplicate candidate", request.CandidateId);
        await RequireInScopeAsync(candidate, scope, cancellationToken);
        candidate.Dismiss(request.Reason.Trim(), request.DismissedBy.Trim(), time.GetUtcDateTime());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("The candidate was decided meanwhile: read it again.");
        }
        return (await ToResponsesAsync([candidate], cancellationToken))[0];
    }

    /// <summary>
    /// The candidates both of whose households lie in the scope: the stored region (the index range)
    /// is one household's only, and a village scope may hold just one of the two.
    /// </summary>
    private IQueryable<PersonDuplicateCandidate> InScope(IQueryable<PersonDuplicateCandidate> query, RegionScope scope)
    {
        if (scope.IsNationWide) return query;
        var households = scope.Filter(db.Households.AsNoTracking(), h => h.RegionCode);
        return scope.Filter(query, c => c.RegionCode)
            .Where(c => households.Any(h => h.Id == c.HouseholdId) && households.Any(h => h.Id == c.OtherHouseholdId));
    }

    /// <summary>A decision on a candidate is for a caller who serves both of its households.</summary>
    private async Task RequireInScopeAsync(PersonDuplicateCandidate candidate, RegionScope scope, CancellationToken cancellationToken)
    {
        if (scope.IsNationWide) return;
        var regions = await db.Households.AsNoTracking().Where(h => h.Id == candidate.HouseholdId || h.Id == candidate.OtherHouseholdId)
            .Select(h => h.RegionCode).ToListAsync(cancellationToken);
        if (regions.Count < 2 || !regions.All(scope.Covers)) throw new OutOfScopeException("Duplicate candidate", candidate.Id.ToString());
    }

    private async Task<List<Api.DuplicateCandidate>> ToResponsesAsync(List<PersonDuplicateCandidate> candidates, CancellationToken cancellationToken)
    {
        var personIds = candidates.SelectMany(c => new[] { c.PersonId, c.OtherPersonId }).Distinct().ToList();
        var people = await db.Members.AsNoTracking().Where(m => personIds.Contains(m.Id))
            .Join(db.Households, m => m.HouseholdId, h => h.Id, (m, h) => new { Member = m, h.RegistrationNumber, h.RegionCode })
            .ToDictionaryAsync(p => p.Member.Id, cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Api.CandidatePerson Person(Guid id)
        {
            if (!people.TryGetValue(id, out var p)) return new Api.CandidatePerson { PersonId = id.ToString() };
            return new Api.CandidatePerson
            {
                PersonId = id.ToString(),
                HouseholdId = p.Member.HouseholdId.ToString(),
                RegistrationNumber = p.RegistrationNumber,
                RegionCode = p.RegionCode,
                Name = PersonalDataMask.Name(p.Member.NameMasked),
                NationalId = PersonalDataMask.NationalId(p.Member.NationalIdMasked),
                Sex = (Api.Sex)p.Member.Sex,
                BirthDate = PersonalDataMask.BirthDate(p.Member.BirthDate, today),
                Relation = (Api.Relation)p.Member.Relation,
            };
        }
        return candidates.Select(c =>
        {
            var response = new Api.DuplicateCandidate
            {
                CandidateId = c.Id.ToString(),
                Score = c.Score,
                Status = (Api.DuplicateCandidateStatus)c.Status,
                Person = Person(c.PersonId),
                OtherPerson = Person(c.OtherPersonId),
                FoundAt = Timestamp.FromDateTime(DateTime.SpecifyKind(c.FoundAt, DateTimeKind.Utc)),
                DecidedBy = c.DecidedBy,
                DecisionReason = c.DecisionReason,
            };
            if (c.DecidedAt is { } at) response.DecidedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));
            response.Reasons.AddRange(c.Reasons.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            return response;
        }).ToList();
    }
}
