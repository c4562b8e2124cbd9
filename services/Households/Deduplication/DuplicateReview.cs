using System.Globalization;
using System.Text;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.Data;
using Coordination.Households.Registration;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Households.V1;

namespace Coordination.Households.Deduplication;

/// <summary>The coordinators' review list of possible duplicate persons, and their dismissals.</summary>
public sealed class DuplicateReview(HouseholdsDbContext db, TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Highest score first; the page token is an offset (the list is a work queue that decisions shrink, not an archive).</summary>
    public async Task<Api.ListDuplicateCandidatesResponse> ListAsync(Api.ListDuplicateCandidatesRequest request, CancellationToken cancellationToken)
    {
        var v = new Validation();
        if (request.RegionPrefix.Length > 0 && !RegionCode.IsValidPrefix(request.RegionPrefix))
            v.Add("region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        if (request.Status != Api.DuplicateCandidateStatus.Unspecified && !HouseholdValidation.Defined(request.Status))
            v.Add("status", "is not a candidate status");
        v.Require(request.PageSize is >= 0 and <= MaxPageSize, "page_size", $"must be from 1 to {MaxPageSize} (0 for {DefaultPageSize})");
        var skip = DecodeToken(v, request.PageToken);
        v.ThrowIfInvalid();

        var status = request.Status == Api.DuplicateCandidateStatus.Unspecified ? CandidateStatus.Pending : (CandidateStatus)request.Status;
        var query = db.DuplicateCandidates.AsNoTracking().Where(c => c.Status == status);
        if (request.RegionPrefix.Length > 0) query = query.Where(c => c.RegionCode.StartsWith(request.RegionPrefix));
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var page = await query.OrderByDescending(c => c.Score).ThenBy(c => c.Id).Skip(skip).Take(size + 1).ToListAsync(cancellationToken);
        var response = new Api.ListDuplicateCandidatesResponse
        {
            NextPageToken = page.Count > size ? EncodeToken(skip + size) : "",
        };
        response.Candidates.AddRange(await ToResponsesAsync(page.Take(size).ToList(), cancellationToken));
        return response;
    }

    public async Task<Api.DuplicateCandidate> DismissAsync(Api.DismissDuplicateCandidateRequest request, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var valid = Guid.TryParse(request.CandidateId, out var id);
        v.Require(valid, "candidate_id", "must be a candidate id (a UUID)");
        v.Require(request.Reason.Trim().Length is > 0 and <= 500, "reason", "is required (why), at most 500 characters");
        v.Require(request.DismissedBy.Trim().Length is > 0 and <= 100, "dismissed_by", "is required (who), at most 100 characters");
        v.ThrowIfInvalid();
        var candidate = await db.DuplicateCandidates.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("Duplicate candidate", request.CandidateId);
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

    private async Task<List<Api.DuplicateCandidate>> ToResponsesAsync(List<PersonDuplicateCandidate> candidates, CancellationToken cancellationToken)
    {
        var personIds = candidates.SelectMany(c => new[] { c.PersonId, c.OtherPersonId }).Distinct().ToList();
        var people = await db.Members.AsNoTracking().Where(m => personIds.Contains(m.Id))
            .Join(db.Households, m => m.HouseholdId, h => h.Id, (m, h) => new { Member = m, h.RegistrationNumber, h.RegionCode })
            .ToDictionaryAsync(p => p.Member.Id, cancellationToken);
        Api.CandidatePerson Person(Guid id)
        {
            if (!people.TryGetValue(id, out var p)) return new Api.CandidatePerson { PersonId = id.ToString() };
            return new Api.CandidatePerson
            {
                PersonId = id.ToString(),
                HouseholdId = p.Member.HouseholdId.ToString(),
                RegistrationNumber = p.RegistrationNumber,
                RegionCode = p.RegionCode,
                Name = p.Member.NameMasked,
                NationalId = p.Member.NationalIdMasked,
                Sex = (Api.Sex)p.Member.Sex,
                BirthDate = p.Member.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
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

    private static string EncodeToken(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("skip:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static int DecodeToken(Validation v, string token)
    {
        if (token.Length == 0) return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("skip:", StringComparison.Ordinal) && int.TryParse(text[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var skip)) return skip;
        }
        catch (FormatException) { }
        v.Add("page_token", "is not a token this service gave out (next_page_token)");
        return 0;
    }
}
