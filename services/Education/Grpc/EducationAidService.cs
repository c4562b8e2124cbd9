using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Grpc;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.BuildingBlocks.Security;
using Coordination.Education.Data;
using Coordination.Education.Dropout;
using Coordination.Education.Grants;
using Coordination.Education.Students;
using Coordination.Education.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Domain = Coordination.Education.Domain;
using KnownHousehold = Coordination.Education.V1.KnownHousehold;
using KnownMember = Coordination.Education.V1.KnownMember;

namespace Coordination.Education.Grpc;

/// <summary>
/// Serves coordination.education.v1.EducationAid for the caller's region scope: a household, student,
/// grant or alert is its household's region's; out of scope is PermissionDenied for one record and
/// absent from lists.
/// </summary>
public sealed class EducationAidService(
    EducationDbContext db, StudentEnrolment enrolment, BenefitGranting granting, DropoutMonitor monitor)
    : EducationAid.EducationAidBase
{
    public override async Task<KnownHousehold> GetKnownHousehold(GetKnownHouseholdRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.HouseholdId, out var id))
            throw new ValidationException("household_id", "must be a household id (a UUID)");
        var household = await db.Households.AsNoTracking().Include(h => h.Members)
            .SingleOrDefaultAsync(h => h.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Household", request.HouseholdId);
        context.RegionScope().Require(household.RegionCode, "Household", request.HouseholdId);

        var response = new KnownHousehold
        {
            HouseholdId = household.Id.ToString(),
            RegionCode = household.RegionCode,
            Status = household.Status.ToString(),
        };
        response.Members.AddRange(household.Members.OrderBy(m => m.BirthDate).Select(m => new KnownMember
        {
            PersonId = m.Id.ToString(),
            BirthDate = BirthYear(m.BirthDate),
            SchoolingStage = m.SchoolingStage.ToString(),
            Relation = m.Relation.ToString(),
        }));
        return response;
    }

    public override async Task<Enrolment> EnrolStudent(EnrolStudentRequest request, ServerCallContext context) =>
        ToResponse(await enrolment.EnrolAsync(request, context.RegionScope(), context.CancellationToken));

    public override Task<SubmitEnrolmentListResponse> SubmitEnrolmentList(SubmitEnrolmentListRequest request, ServerCallContext context) =>
        enrolment.SubmitListAsync(request, context.RegionScope(), context.CancellationToken);

    public override async Task<Enrolment> WithdrawStudent(WithdrawStudentRequest request, ServerCallContext context) =>
        ToResponse(await enrolment.WithdrawAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<Student> GetStudent(GetStudentRequest request, ServerCallContext context)
    {
        var v = new Validation();
        var personId = Requests.PersonId(v, request.PersonId, "person_id");
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == personId, ct);
        var enrolments = await db.Enrolments.AsNoTracking().Where(e => e.PersonId == personId).ToListAsync(ct);
        if (member is null && enrolments.Count == 0) throw new NotFoundException("Student", request.PersonId);
        // The region of the student's household now; for a student no longer in the directory, that of the latest enrolment.
        var region = member is not null ? await db.RegionOfHouseholdAsync(member.HouseholdId, ct) : enrolments.OrderBy(e => e.UpdatedAt).Last().RegionCode;
        context.RegionScope().Require(region, "Student", request.PersonId);
        var grants = await db.Grants.AsNoTracking().Where(g => g.PersonId == personId).ToListAsync(ct);

        var student = new Student
        {
            PersonId = personId.ToString(),
            HouseholdId = (member?.HouseholdId ?? enrolments.OrderBy(e => e.UpdatedAt).Last().HouseholdId).ToString(),
            BirthDate = member is null ? "" : BirthYear(member.BirthDate),
        };
        student.Enrolments.AddRange(enrolments.OrderBy(e => Domain.Term.Parse(e.Term).Start).Select(ToResponse));
        student.Grants.AddRange(grants.OrderBy(g => g.GrantedAt).Select(ToResponse));
        return student;
    }

    public override async Task<ListStudentsResponse> ListStudents(ListStudentsRequest request, ServerCallContext context)
    {
        var v = new Validation();
        var term = Requests.TermOrCurrent(v, request.Term, "term", monitor).ToString();
        var region = Requests.RegionPrefix(v, request.RegionCode, "region_code");
        var householdId = Requests.OptionalId(v, request.HouseholdId, "household_id");
        var school = request.SchoolCode.Trim();
        v.Require(school.Length <= 50, "school_code", "at most 50 characters");
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 1);
        var afterId = page.Guid(0);
        v.ThrowIfInvalid();

        // The request's region (none: every region) within the caller's scope.
        var query = context.RegionScope().Filter(db.Enrolments.AsNoTracking().Where(e => e.Term == term), e => e.RegionCode);
        if (school.Length > 0) query = query.Where(e => e.SchoolCode == school);
        if (region is not null) query = query.InRegion(e => e.RegionCode, region);
        if (householdId is { } h) query = query.Where(e => e.HouseholdId == h);
        // Keyset on the id (unique): an enrolment added between two pages shifts none of them.
        if (!page.IsFirst) query = query.Where(e => e.Id.CompareTo(afterId) > 0);
        var (rows, next) = await page.ToPageAsync(query.OrderBy(e => e.Id), e => [e.Id.ToString()], context.CancellationToken);

        var response = new ListStudentsResponse { NextPageToken = next };
        response.Enrolments.AddRange(rows.Select(ToResponse));
        return response;
    }

    public override async Task<BenefitGrant> GrantBenefit(GrantBenefitRequest request, ServerCallContext context) =>
        ToResponse(await granting.GrantAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<BenefitGrant> RevokeGrant(RevokeGrantRequest request, ServerCallContext context) =>
        ToResponse(await granting.RevokeAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<ListGrantsResponse> ListGrants(ListGrantsRequest request, ServerCallContext context)
    {
        var v = new Validation();
        var personId = Requests.OptionalId(v, request.PersonId, "person_id");
        var householdId = Requests.OptionalId(v, request.HouseholdId, "household_id");
        if (personId is null && householdId is null && v.IsValid) v.Add("person_id", "name a student (person_id) or a household (household_id)");
        string? term = null;
        if (request.Term.Length > 0) term = Requests.TermOrCurrent(v, request.Term, "term", monitor).ToString();
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 1);
        var afterId = page.Guid(0);
        v.ThrowIfInvalid();

        // A grant has no region of its own: its household's, by the directory.
        var query = context.RegionScope().FilterByHousehold(db.Grants.AsNoTracking(), db, g => g.HouseholdId);
        if (personId is { } p) query = query.Where(g => g.PersonId == p);
        if (householdId is { } h) query = query.Where(g => g.HouseholdId == h);
        if (term is not null) query = query.Where(g => g.Term == term);
        if (!page.IsFirst) query = query.Where(g => g.Id.CompareTo(afterId) > 0);
        var (rows, next) = await page.ToPageAsync(query.OrderBy(g => g.Id), g => [g.Id.ToString()], context.CancellationToken);

        var response = new ListGrantsResponse { NextPageToken = next };
        response.Grants.AddRange(rows.Select(ToResponse));
        return response;
    }

    public override async Task<ListDropoutAlertsResponse> ListDropoutAlerts(ListDropoutAlertsRequest request, ServerCallContext context)
    {
        var v = new Validation();
        var term = Requests.TermOrCurrent(v, request.Term, "term", monitor).ToString();
        var region = Requests.RegionPrefix(v, request.RegionCode, "region_code");
        var householdId = Requests.OptionalId(v, request.HouseholdId, "household_id");
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 1);
        var afterId = page.Guid(0);
        v.ThrowIfInvalid();

        // The request's region (none: every region) within the caller's scope.
        var query = context.RegionScope().Filter(db.DropoutAlerts.AsNoTracking().Where(a => a.Term == term), a => a.RegionCode);
        if (!request.IncludeCleared) query = query.Where(a => a.ClearedAt == null);
        if (region is not null) query = query.InRegion(a => a.RegionCode, region);
        if (householdId is { } h) query = query.Where(a => a.HouseholdId == h);
        if (!page.IsFirst) query = query.Where(a => a.Id.CompareTo(afterId) > 0);
        var (rows, next) = await page.ToPageAsync(query.OrderBy(a => a.Id), a => [a.Id.ToString()], context.CancellationToken);

        var response = new ListDropoutAlertsResponse { NextPageToken = next };
        response.Alerts.AddRange(rows.Select(a => new DropoutAlert
        {
            HouseholdId = a.HouseholdId.ToString(),
            PersonId = a.PersonId.ToString(),
            Term = a.Term,
            RegionCode = a.RegionCode,
            BirthDate = PersonalDataMask.BirthYear(a.BirthYear, monitor.Today()),
            RaisedAt = Timestamp.FromDateTime(a.RaisedAt),
            Cleared = a.ClearedAt is not null,
            ClearedAt = a.ClearedAt is { } cleared ? Timestamp.FromDateTime(cleared) : null,
            ClearedReason = a.ClearedReason ?? "",
        }));
        return response;
    }

    /// <summary>Assessed now, from the directory and the enrolments; changed_at is when the published state last changed.</summary>
    public override async Task<EducationGuarantee> GetEducationGuarantee(GetEducationGuaranteeRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.HouseholdId, out var id))
            throw new ValidationException("household_id", "must be a household id (a UUID)");
        var ct = context.CancellationToken;
        var household = await db.Households.AsNoTracking().Include(h => h.Members).SingleOrDefaultAsync(h => h.Id == id, ct)
            ?? throw new NotFoundException("Household", request.HouseholdId);
        context.RegionScope().Require(household.RegionCode, "Household", request.HouseholdId);
        var assessment = await monitor.AssessAsync(household, ct);
        if (!assessment.Active) throw new RuleViolationException("household.not-registered", assessment.Explanation);
        var record = await db.Guarantees.AsNoTracking().SingleOrDefaultAsync(g => g.HouseholdId == id, ct);
        var term = assessment.Term.ToString();

        var response = new EducationGuarantee
        {
            HouseholdId = id.ToString(),
            Term = term,
            Met = assessment.Met,
            Explanation = assessment.Explanation,
            ChangedAt = record is not null && record.Term == term && record.Met == assessment.Met
                ? Timestamp.FromDateTime(record.ChangedAt) : null,
        };
        response.UnenrolledPersonIds.AddRange(assessment.Unenrolled.Select(m => m.Id.ToString()));
        return response;
    }

    private static Enrolment ToResponse(Domain.Enrolment e) => new()
    {
        PersonId = e.PersonId.ToString(),
        HouseholdId = e.HouseholdId.ToString(),
        Term = e.Term,
        SchoolCode = e.SchoolCode,
        SchoolName = e.SchoolName,
        Stage = (Stage)e.Stage,
        Boarder = e.Boarder,
        Status = (EnrolmentStatus)e.Status,
        WithdrawalReason = e.WithdrawalReason ?? "",
        RegionCode = e.RegionCode,
        UpdatedAt = Timestamp.FromDateTime(e.UpdatedAt),
    };

    private static BenefitGrant ToResponse(Domain.BenefitGrant g) => new()
    {
        GrantId = g.Id.ToString(),
        RequestId = g.RequestId,
        PersonId = g.PersonId.ToString(),
        HouseholdId = g.HouseholdId.ToString(),
        Term = g.Term,
        BenefitType = (BenefitType)g.BenefitType,
        BenefitTypeCode = Domain.EducationBenefits.For(g.BenefitType).Code,
        AmountFen = g.AmountFen,
        Programme = g.Programme,
        SchoolCode = g.SchoolCode,
        Stage = (Stage)g.Stage,
        GrantedAt = Timestamp.FromDateTime(g.GrantedAt),
        Revoked = g.RevokedAt is not null,
        RevocationReason = g.RevocationReason ?? "",
        RevokedAt = g.RevokedAt is { } revoked ? Timestamp.FromDateTime(revoked) : null,
    };

    /// <summary>A department sees the birth year only (the suite's mask); its rules read the stored date.</summary>
    private string BirthYear(DateOnly birthDate) => PersonalDataMask.BirthDate(birthDate, monitor.Today());
}
