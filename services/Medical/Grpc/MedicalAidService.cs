using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Grpc;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Medical.Aid;
using Coordination.Medical.Data;
using Coordination.Medical.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Domain = Coordination.Medical.Domain;

namespace Coordination.Medical.Grpc;

/// <summary>
/// Serves coordination.medical.v1.MedicalAid for the caller's region scope: a member, claim or
/// guarantee is its household's region's (a claim's, as filed); out of scope is PermissionDenied for
/// one record and absent from lists.
/// </summary>
public sealed class MedicalAidService(MedicalDbContext db, InsuranceEnrolments enrolments, ClaimProcessing claims, TimeProvider time)
    : MedicalAid.MedicalAidBase
{
    public override async Task<Enrolment> EnrolInsurance(EnrolInsuranceRequest request, ServerCallContext context) =>
        ToResponse(await enrolments.EnrolAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<Claim> FileClaim(FileClaimRequest request, ServerCallContext context) =>
        ToResponse(await claims.FileAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<Claim> AddReimbursement(AddReimbursementRequest request, ServerCallContext context) =>
        ToResponse(await claims.AddReimbursementAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<Claim> GetClaim(GetClaimRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.ClaimId, out var id)) throw new ValidationException("claim_id", "must be a claim id (a UUID)");
        var claim = await db.Claims.AsNoTracking().Include(c => c.Reimbursements).SingleOrDefaultAsync(c => c.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Claim", request.ClaimId);
        context.RegionScope().Require(claim.RegionCode, "Claim", request.ClaimId);
        return ToResponse(claim);
    }

    public override async Task<ListClaimsResponse> ListClaims(ListClaimsRequest request, ServerCallContext context)
    {
        var v = new Validation();
        // The request's filters within the caller's scope.
        var query = context.RegionScope().Filter(db.Claims.AsNoTracking(), c => c.RegionCode);
        if (request.HouseholdId.Length > 0)
            query = v.Require(Guid.TryParse(request.HouseholdId, out var householdId), "household_id", "must be a household id (a UUID)")
                ? query.Where(c => c.HouseholdId == householdId) : query;
        if (request.PersonId.Length > 0)
            query = v.Require(Guid.TryParse(request.PersonId, out var personId), "person_id", "must be a person id (a UUID)")
                ? query.Where(c => c.PersonId == personId) : query;
        var hospital = request.Hospital.Trim();
        if (hospital.Length > 0) query = query.Where(c => c.Hospital == hospital);
        if (request.RegionCode.Length > 0)
            query = v.Require(IsRegionPrefix(request.RegionCode), "region_code", "must be 2 to 12 digits of an administrative division code")
                ? query.Where(c => c.RegionCode.StartsWith(request.RegionCode)) : query;
        v.Require(request.HouseholdId.Length + request.PersonId.Length + hospital.Length + request.RegionCode.Length > 0,
            "household_id", "give a household, member, hospital or region to list claims by");
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 2);
        var (afterDate, afterId) = (page.Date(0), page.Guid(1));
        v.ThrowIfInvalid();

        // Newest service date first, the id breaking ties: strictly after the last claim shown.
        if (!page.IsFirst) query = query.Where(c => c.ServiceDate < afterDate || (c.ServiceDate == afterDate && c.Id.CompareTo(afterId) > 0));
        var (claims, next) = await page.ToPageAsync(
            query.Include(c => c.Reimbursements).OrderByDescending(c => c.ServiceDate).ThenBy(c => c.Id),
            c => [KeysetPage.Key(c.ServiceDate), c.Id.ToString()], context.CancellationToken);
        var response = new ListClaimsResponse { NextPageToken = next };
        response.Claims.AddRange(claims.Select(ToResponse));
        return response;
    }

    public override async Task<ListUninsuredMembersResponse> ListUninsuredMembers(ListUninsuredMembersRequest request, ServerCallContext context)
    {
        var v = new Validation();
        var year = YearOrCurrent(v, request.Year);
        // The household or region asked for, within the caller's scope.
        var households = context.RegionScope().Filter(db.Households.AsNoTracking().Where(h => h.MergedInto == null), h => h.RegionCode);
        var byHousehold = request.HouseholdId.Length > 0;
        var byRegion = request.RegionCode.Length > 0;
        if (byHousehold == byRegion) v.Add("household_id", "give either a household or a region code");
        if (byHousehold)
            households = v.Require(Guid.TryParse(request.HouseholdId, out var householdId), "household_id", "must be a household id (a UUID)")
                ? households.Where(h => h.Id == householdId) : households;
        if (byRegion)
            households = v.Require(IsRegionPrefix(request.RegionCode), "region_code", "must be 2 to 12 digits of an administrative division code")
                ? households.Where(h => h.RegionCode.StartsWith(request.RegionCode)) : households;
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 3);
        var (afterRegion, afterHousehold, afterMember) = (page.Text(0), page.Guid(1), page.Guid(2));
        v.ThrowIfInvalid();

        var members = households
            .SelectMany(h => h.Members, (h, m) => new { h.Id, h.RegionCode, Member = m })
            .Where(x => !db.Enrolments.Any(e => e.PersonId == x.Member.Id && e.Year == year));
        // In order of (region, household, member), strictly after the last member shown.
        if (!page.IsFirst)
            members = members.Where(x => string.Compare(x.RegionCode, afterRegion) > 0
                || (x.RegionCode == afterRegion && (x.Id.CompareTo(afterHousehold) > 0
                    || (x.Id == afterHousehold && x.Member.Id.CompareTo(afterMember) > 0))));
        var (rows, next) = await page.ToPageAsync(members.OrderBy(x => x.RegionCode).ThenBy(x => x.Id).ThenBy(x => x.Member.Id),
            x => [x.RegionCode, x.Id.ToString(), x.Member.Id.ToString()], context.CancellationToken);
        var response = new ListUninsuredMembersResponse { NextPageToken = next };
        response.Members.AddRange(rows.Select(x => new UninsuredMember
        {
            HouseholdId = x.Id.ToString(),
            PersonId = x.Member.Id.ToString(),
            RegionCode = x.RegionCode,
            Relation = x.Member.Relation.ToString(),
            Health = x.Member.Health.ToString(),
        }));
        return response;
    }

    public override async Task<MedicalGuarantee> GetMedicalGuarantee(GetMedicalGuaranteeRequest request, ServerCallContext context)
    {
        var v = new Validation();
        v.Require(Guid.TryParse(request.HouseholdId, out var householdId), "household_id", "must be a household id (a UUID)");
        var year = YearOrCurrent(v, request.Year);
        v.ThrowIfInvalid();
        var household = await db.Households.AsNoTracking().Include(h => h.Members)
            .SingleOrDefaultAsync(h => h.Id == householdId, context.CancellationToken)
            ?? throw new NotFoundException("Household", request.HouseholdId);
        context.RegionScope().Require(household.RegionCode, "Household", request.HouseholdId);
        var assessment = await db.AssessAsync(household, year, context.CancellationToken);
        var response = new MedicalGuarantee { HouseholdId = household.Id.ToString(), Year = year, Met = assessment.Met, Explanation = assessment.Explanation };
        response.UninsuredPersonIds.AddRange(assessment.UninsuredPersonIds.Select(p => p.ToString()));
        return response;
    }

    private int YearOrCurrent(Validation v, int year)
    {
        var current = time.GetUtcDateTime().Year;
        if (year == 0) return current;
        v.Require(year >= 2000 && year <= current + 1, "year", $"must be a year from 2000 to {current + 1}, or 0 for this year");
        return year;
    }

    private static bool IsRegionPrefix(string code) => code.Length is >= 2 and <= 12 && code.All(char.IsAsciiDigit);

    private static Enrolment ToResponse(Domain.InsuranceEnrolment e) => new()
    {
        EnrolmentId = e.Id.ToString(),
        HouseholdId = e.HouseholdId.ToString(),
        PersonId = e.PersonId.ToString(),
        Year = e.Year,
        PremiumFen = e.PremiumFen,
        PremiumSubsidyFen = e.PremiumSubsidyFen,
        SubsidyGrantId = e.SubsidyGrantId?.ToString() ?? "",
        EnrolledAt = Timestamp.FromDateTime(e.EnrolledAt),
    };

    private static Claim ToResponse(Domain.Claim c)
    {
        var response = new Claim
        {
            ClaimId = c.Id.ToString(),
            RequestId = c.RequestId,
            HouseholdId = c.HouseholdId.ToString(),
            PersonId = c.PersonId.ToString(),
            RegionCode = c.RegionCode,
            Hospital = c.Hospital,
            ServiceDate = c.ServiceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TotalCostFen = c.TotalCostFen,
            DiagnosisCategory = (DiagnosisCategory)c.DiagnosisCategory,
            CareType = (CareType)c.CareType,
            RegisteredPoor = c.RegisteredPoor,
            Insured = c.Insured,
            ReimbursedFen = c.ReimbursedFen,
            OutOfPocketFen = c.OutOfPocketFen,
            OutOfPocketShareBp = (int)(c.OutOfPocketFen * 10_000 / c.TotalCostFen),
            LargeExpense = c.LargeExpense,
            FiledAt = Timestamp.FromDateTime(c.FiledAt),
        };
        // The legal order of payers, then the order they paid in.
        response.Reimbursements.AddRange(c.Reimbursements.OrderBy(r => r.Kind).ThenBy(r => r.GrantedAt).Select(r => new Reimbursement
        {
            GrantId = r.Id.ToString(),
            Kind = (ReimbursementKind)r.Kind,
            AmountFen = r.AmountFen,
            Reason = r.Reason,
        }));
        return response;
    }
}
