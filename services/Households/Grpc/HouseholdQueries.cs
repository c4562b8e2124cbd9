using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Grpc;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.BuildingBlocks.Security;
using Coordination.Households.Data;
using Coordination.Households.Registration;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Households.V1;
using Domain = Coordination.Households.Domain;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Households.Grpc;

/// <summary>Reads of the registry: lists by region, status, cause and flag with keyset paging; a person by ID number.</summary>
public sealed class HouseholdQueries(HouseholdsDbContext db, PersonalDataProtector protector, TimeProvider time, IHttpContextAccessor http)
{
    /// <summary>
    /// Pages in order of registration number (unique): the token is the last number shown, so a
    /// household registered meanwhile neither shifts a page nor is shown twice, and each page is
    /// one index range scan however deep it is.
    /// </summary>
    public async Task<(List<Domain.Household> Page, string NextPageToken)> ListAsync(Api.ListHouseholdsRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        if (request.RegionPrefix.Length > 0 && !RegionCode.IsValidPrefix(request.RegionPrefix))
            v.Add("region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        if (request.Status != Api.HouseholdStatus.Unspecified && !HouseholdValidation.Defined(request.Status)) v.Add("status", "is not a household status");
        if (request.PovertyCause != Api.PovertyCause.Unspecified && !HouseholdValidation.Defined(request.PovertyCause)) v.Add("poverty_cause", "is not a cause of poverty");
        if (request.MonitoringFlag != Api.MonitoringCategory.Unspecified && !HouseholdValidation.Defined(request.MonitoringFlag)) v.Add("monitoring_flag", "is not a monitoring category");
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 1);
        var after = page.Text(0);
        v.ThrowIfInvalid();

        // A merged household is history, reached through its survivor's history and by id only.
        var query = db.Households.AsNoTracking().Where(h => h.MergedIntoHouseholdId == null);
        if (request.RegionPrefix.Length > 0) query = query.InRegion(h => h.RegionCode, request.RegionPrefix);
        // The caller's regions besides the prefix asked for: no prefix lists the whole scope, not the country.
        query = scope.Filter(query, h => h.RegionCode);
        if (request.Status != Api.HouseholdStatus.Unspecified)
        {
            var status = (Vocabulary.HouseholdStatus)request.Status;
            query = query.Where(h => h.Status == status);
        }
        if (request.PovertyCause != Api.PovertyCause.Unspecified)
        {
            var cause = (Vocabulary.PovertyCause)request.PovertyCause;
            query = query.Where(h => h.PovertyCauses.Contains(cause));
        }
        if (request.MonitoringFlag != Api.MonitoringCategory.Unspecified)
        {
            var category = (Vocabulary.MonitoringCategory)request.MonitoringFlag;
            query = query.Where(h => h.MonitoringFlags.Any(f => f.Category == category && f.Active));
        }
        if (!page.IsFirst) query = query.Where(h => string.Compare(h.RegistrationNumber, after) > 0);

        return await page.ToPageAsync(
            query.OrderBy(h => h.RegistrationNumber).Include(h => h.Members).Include(h => h.MonitoringFlags).AsSplitQuery(),
            h => [h.RegistrationNumber], cancellationToken);
    }

    /// <summary>The member and household of an ID number, found by its keyed hash (the number itself is stored only encrypted).</summary>
    public async Task<(Domain.Member Member, Domain.Household Household)> ResolveAsync(Api.ResolveNationalIdRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        if (!NationalId.TryParse(request.NationalId, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), out var id, out var error))
            throw new ValidationException("national_id", error);
        // Every key's form: during a hash-key rotation the row may not be re-hashed yet.
        var hashes = protector.LookupHashes(id.Value);
        AuditHeaders.MarkRecord(http.HttpContext, "national-id-hash:" + hashes[0]);
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => hashes.Contains(m.NationalIdHash), cancellationToken)
            ?? throw new NotFoundException("Person with national ID", id.Masked);
        // A record that a merge found to be another person's (a mistyped number) leads to that person.
        if (member.MergedIntoPersonId is { } survivor)
            member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == survivor, cancellationToken);
        var household = await db.Households.AsNoTracking().SingleAsync(h => h.Id == member.HouseholdId, cancellationToken);
        // Named by the masked number, not the household: an outsider learns no household id.
        scope.Require(household.RegionCode, "Person with national ID", id.Masked);
        return (member, household);
    }
}
