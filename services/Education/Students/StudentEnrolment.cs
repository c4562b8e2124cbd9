using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Education.Data;
using Coordination.Education.Domain;
using Coordination.Education.Dropout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Api = Coordination.Education.V1;

namespace Coordination.Education.Students;

/// <summary>
/// Enrols members of registered households (from the household directory) at schools, and withdraws
/// them. Each change re-assesses the household's dropout alerts and education guarantee in the same
/// transaction. Students are named by the registry's person id; lists keyed by national ID need the
/// registry's resolve call (not there yet), after which they resolve to person ids before this step.
/// Each call acts for a caller: a student whose household lies outside the caller's region scope is
/// PermissionDenied (a list with one such entry changes nothing).
/// </summary>
public sealed class StudentEnrolment(
    EducationDbContext db, DropoutMonitor monitor, IOptions<HouseholdDirectoryOptions> directory, TimeProvider time)
{
    public async Task<Enrolment> EnrolAsync(Api.EnrolStudentRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var personId = Requests.PersonId(v, request.PersonId, "person_id");
        var term = Requests.TermOrCurrent(v, request.Term, "term", monitor);
        var (schoolCode, schoolName) = Requests.School(v, request.SchoolCode, request.SchoolName);
        var stage = Requests.Stage(v, request.Stage, "stage");
        v.ThrowIfInvalid();

        return await Retry.OnConflictAsync(db, async () =>
        {
            var enrolment = await EnrolOneAsync(personId, term, schoolCode, schoolName, stage, request.Boarder, scope, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return enrolment;
        });
    }

    public async Task<Api.SubmitEnrolmentListResponse> SubmitListAsync(Api.SubmitEnrolmentListRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var term = Requests.TermOrCurrent(v, request.Term, "term", monitor);
        var (schoolCode, schoolName) = Requests.School(v, request.SchoolCode, request.SchoolName);
        v.Require(request.Entries.Count is > 0 and <= 2000, "entries", "a list has 1 to 2000 entries");
        var entries = new List<(Guid PersonId, Stage Stage, bool Boarder)>();
        var seen = new Dictionary<Guid, int>();
        for (var i = 0; i < request.Entries.Count; i++)
        {
            var entry = request.Entries[i];
            var personId = Requests.PersonId(v, entry.PersonId, $"entries[{i}].person_id");
            var stage = Requests.Stage(v, entry.Stage, $"entries[{i}].stage");
            if (personId != Guid.Empty && !seen.TryAdd(personId, i)) v.Add($"entries[{i}].person_id", $"is listed twice (first at entries[{seen[personId]}])");
            entries.Add((personId, stage, entry.Boarder));
        }
        v.ThrowIfInvalid();

        return await Retry.OnConflictAsync(db, async () =>
        {
            var response = new Api.SubmitEnrolmentListResponse();
            foreach (var (personId, stage, boarder) in entries)
            {
                var result = new Api.EnrolmentListResult { PersonId = personId.ToString() };
                try
                {
                    await EnrolOneAsync(personId, term, schoolCode, schoolName, stage, boarder, scope, cancellationToken);
                    result.Enrolled = true;
                    response.Enrolled++;
                }
                catch (RuleViolationException e)
                {
                    result.Rule = e.Rule;
                    result.Explanation = e.Message;
                    response.Rejected++;
                }
                response.Results.Add(result);
            }
            await db.SaveChangesAsync(cancellationToken);
            return response;
        });
    }

    public async Task<Enrolment> WithdrawAsync(Api.WithdrawStudentRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var personId = Requests.PersonId(v, request.PersonId, "person_id");
        var term = Requests.TermOrCurrent(v, request.Term, "term", monitor);
        var reason = v.RequireReason(request.Reason, "reason", maxLength: 200);
        v.ThrowIfInvalid();

        return await Retry.OnConflictAsync(db, async () =>
        {
            var termName = term.ToString();
            var enrolment = await db.Enrolments.SingleOrDefaultAsync(e => e.PersonId == personId && e.Term == termName, cancellationToken)
                ?? throw new NotFoundException("Enrolment", $"{personId} in {termName}");
            // The student's household now, or where it was when enrolled if the directory no longer has the student.
            scope.Require(await db.RegionOfMemberAsync(personId, cancellationToken) ?? enrolment.RegionCode, "Student", personId.ToString());
            if (enrolment.Status == EnrolmentStatus.Withdrawn) return enrolment;
            enrolment.Status = EnrolmentStatus.Withdrawn;
            enrolment.WithdrawalReason = reason;
            enrolment.UpdatedAt = time.GetUtcDateTime();
            var householdId = await db.Members.Where(m => m.Id == personId).Select(m => (Guid?)m.HouseholdId).FirstOrDefaultAsync(cancellationToken);
            if (householdId is { } id) await monitor.EvaluateAsync(id, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return enrolment;
        });
    }

    private async Task<Enrolment> EnrolOneAsync(
        Guid personId, Term term, string schoolCode, string schoolName, Stage stage, bool boarder, RegionScope scope, CancellationToken cancellationToken)
    {
        var now = time.GetUtcDateTime();
        var household = await Requests.StudentHouseholdAsync(db, personId, DateOnly.FromDateTime(now), directory.Value, cancellationToken);
        scope.Require(household.RegionCode, "Student", personId.ToString());
        var termName = term.ToString();
        var enrolment = db.Enrolments.Local.FirstOrDefault(e => e.PersonId == personId && e.Term == termName)
            ?? await db.Enrolments.SingleOrDefaultAsync(e => e.PersonId == personId && e.Term == termName, cancellationToken);
        if (enrolment is null)
        {
            enrolment = new Enrolment { Id = Guid.CreateVersion7(), PersonId = personId, Term = termName, CreatedAt = now };
            db.Enrolments.Add(enrolment);
        }
        enrolment.HouseholdId = household.Id;
        enrolment.RegionCode = household.RegionCode;
        enrolment.SchoolCode = schoolCode;
        enrolment.SchoolName = schoolName;
        enrolment.Stage = stage;
        enrolment.Boarder = boarder;
        enrolment.Status = EnrolmentStatus.Enrolled;
        enrolment.WithdrawalReason = null;
        enrolment.UpdatedAt = now;
        await monitor.EvaluateAsync(household, cancellationToken);
        return enrolment;
    }
}
