using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Grpc;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Ledger.V1;
using Coordination.Ledger.Data;

namespace Coordination.Ledger.Grpc;

/// <summary>
/// Coordinator views of the ledger, and the validation of the check call, each bounded by the
/// caller's region scope: a household's records are the caller's when the ledger places the
/// household (from the registry's events) in one of its regions.
/// </summary>
public sealed class AidLedgerQueries(LedgerDbContext db, BenefitCatalogue catalogue)
{
    /// <summary>The standing (not revoked) grants of one benefit type from one grantor, summed: the household's totals are folded from these.</summary>
    public sealed record AidSum(string BenefitTypeCode, string GrantorCode, long AmountFen, long InKindValueFen, int Grants);

    /// <summary>
    /// The page of grants asked for (newest period first, then newest grant, then by id), the sums of every
    /// grant the filters select whatever the page, and the token of the next page.
    /// </summary>
    public async Task<(Guid HouseholdId, List<AidGrant> Page, List<AidSum> Sums, string NextPageToken)> HouseholdAidAsync(Api.GetHouseholdAidRequest request, RegionScope scope, CancellationToken ct)
    {
        var v = new Validation();
        var householdId = RequireGuid(v, request.HouseholdId, "household_id", "a household id");
        Guid? personId = request.PersonId.Length > 0 ? RequireGuid(v, request.PersonId, "person_id", "a person id") : null;
        if (request.BenefitTypeCode.Length > 0 && !catalogue.TryGetRule(request.BenefitTypeCode, out _))
            v.Add("benefit_type_code", "is not a benefit type of the catalogue");
        v.Require(request.Year is 0 or (>= 2000 and <= 2100), "year", "must be a year from 2000 to 2100 (0 for all)");
        // Not PageToken.Size: here 0 asks for every grant (a household's are tens a year), not for a default page.
        v.Require(request.PageSize is >= 0 and <= PageToken.MaxPageSize, "page_size", $"must be from 1 to {PageToken.MaxPageSize} (0 for every grant)");
        var after = PageToken.Decode(v, request.PageToken, 3);
        var (afterStart, afterTicks, afterId) = (default(DateOnly), 0L, Guid.Empty);
        if (after is not null && !(DateOnly.TryParseExact(after[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out afterStart)
                && long.TryParse(after[1], NumberStyles.None, CultureInfo.InvariantCulture, out afterTicks) && afterTicks <= DateTime.MaxValue.Ticks
                && Guid.TryParse(after[2], out afterId)))
            v.Add("page_token", "is not a token this service gave out (next_page_token)");
        var afterAt = new DateTime(afterTicks, DateTimeKind.Utc);
        v.ThrowIfInvalid();
        await RequireHouseholdInScopeAsync(householdId, scope, ct);

        var query = db.AidGrants.AsNoTracking().Where(g => g.HouseholdId == householdId);
        if (personId is { } p) query = query.Where(g => g.PersonId == p);
        if (request.BenefitTypeCode.Length > 0) query = query.Where(g => g.BenefitTypeCode == request.BenefitTypeCode);
        if (request.GrantorCode.Length > 0) query = query.Where(g => g.GrantorCode == request.GrantorCode);
        if (request.Year != 0) query = query.Where(g => g.Year == request.Year);

        // One connection for the page and, when needed, the sums (EF would open and close it per query).
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var (page, sums, next) = await PageAndSumsAsync(query, request.PageSize, after is null ? null : (afterStart, afterAt, afterId), ct);
            return (householdId, page, sums, next);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<(List<AidGrant> Page, List<AidSum> Sums, string NextPageToken)> PageAndSumsAsync(
        IQueryable<AidGrant> query, int pageSize, (DateOnly Start, DateTime At, Guid Id)? after, CancellationToken ct)
    {
        // The page is ordered and cut by the database: strictly after the last grant shown, so a grant
        // arriving meanwhile neither shifts a page nor shows twice. Only the columns a page shows are read.
        var pageQuery = query;
        if (after is { } a)
        {
            var (afterStart, afterAt, afterId) = a;
            pageQuery = pageQuery.Where(g => g.PeriodStart < afterStart
                || (g.PeriodStart == afterStart && (g.GrantedAt < afterAt || (g.GrantedAt == afterAt && g.GrantId.CompareTo(afterId) > 0))));
        }
        pageQuery = pageQuery.OrderByDescending(g => g.PeriodStart).ThenByDescending(g => g.GrantedAt).ThenBy(g => g.GrantId);
        if (pageSize > 0) pageQuery = pageQuery.Take(pageSize + 1);
        var page = await pageQuery.Select(g => new AidGrant
        {
            GrantId = g.GrantId,
            PersonId = g.PersonId,
            GrantorKind = g.GrantorKind,
            GrantorCode = g.GrantorCode,
            GrantorName = g.GrantorName,
            Programme = g.Programme,
            BenefitTypeCode = g.BenefitTypeCode,
            AmountFen = g.AmountFen,
            InKindValueFen = g.InKindValueFen,
            PeriodStart = g.PeriodStart,
            PeriodEnd = g.PeriodEnd,
            GrantedAt = g.GrantedAt,
            ExpenseReference = g.ExpenseReference,
            ExpenseAmountFen = g.ExpenseAmountFen,
            Revoked = g.Revoked,
            RevocationReason = g.RevocationReason,
        }).ToListAsync(ct);
        var more = pageSize > 0 && page.Count > pageSize;
        if (more) page.RemoveAt(page.Count - 1);

        // A first page that holds every grant the filters select (the usual case: a household's grants
        // are few) carries its own totals; any other page has them summed by the database, from the
        // household's covering index (IX_AidGrants_HouseholdAid) without reading the grants' rows.
        var sums = after is null && !more
            ? [.. page.Where(g => !g.Revoked).GroupBy(g => (g.BenefitTypeCode, g.GrantorCode))
                .Select(s => new AidSum(s.Key.BenefitTypeCode, s.Key.GrantorCode, s.Sum(g => g.AmountFen), s.Sum(g => g.InKindValueFen), s.Count()))]
            : await query.Where(g => !g.Revoked).GroupBy(g => new { g.BenefitTypeCode, g.GrantorCode })
                .Select(s => new AidSum(s.Key.BenefitTypeCode, s.Key.GrantorCode, s.Sum(g => g.AmountFen), s.Sum(g => g.InKindValueFen), s.Count()))
                .ToListAsync(ct);
        var next = more ? PageToken.Encode(page[^1].PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            page[^1].GrantedAt.Ticks.ToString(CultureInfo.InvariantCulture), page[^1].GrantId.ToString()) : "";
        return (page, sums, next);
    }

    public async Task<(string Prefix, int Year, List<(string Key, long AmountFen, long InKindFen, int Grants)> ByGrantor,
        List<(string Key, long AmountFen, long InKindFen, int Grants)> ByBenefitType, int Households)> RegionTotalsAsync(Api.GetRegionAidTotalsRequest request, RegionScope scope, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(RegionCode.IsValidPrefix(request.RegionPrefix), "region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        v.Require(request.Year is 0 or (>= 2000 and <= 2100), "year", "must be a year from 2000 to 2100 (0 for all)");
        v.ThrowIfInvalid();
        // A total is of the whole region asked for: the caller must serve all of it (totals of part of it would mislead).
        scope.Require(request.RegionPrefix, "Region", request.RegionPrefix);

        var query = InRegion(request.RegionPrefix).Where(g => !g.Revoked);
        if (request.Year != 0) query = query.Where(g => g.Year == request.Year);
        var byGrantor = (await query.GroupBy(g => g.GrantorCode)
                .Select(g => new { g.Key, Amount = g.Sum(x => x.AmountFen), InKind = g.Sum(x => x.InKindValueFen), Grants = g.Count() }).ToListAsync(ct))
            .Select(g => (g.Key, g.Amount, g.InKind, g.Grants)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var byType = (await query.GroupBy(g => g.BenefitTypeCode)
                .Select(g => new { g.Key, Amount = g.Sum(x => x.AmountFen), InKind = g.Sum(x => x.InKindValueFen), Grants = g.Count() }).ToListAsync(ct))
            .Select(g => (g.Key, g.Amount, g.InKind, g.Grants)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var households = await query.Select(g => g.HouseholdId).Distinct().CountAsync(ct);
        return (request.RegionPrefix, request.Year, byGrantor, byType, households);
    }

    /// <summary>The grants of the households of a region (a household's region never changes, so it is the region the grant went to).</summary>
    private IQueryable<AidGrant> InRegion(string prefix) =>
        HouseholdsIn(prefix).Join(db.AidGrants.AsNoTracking(), h => h.Id, g => g.HouseholdId, (_, g) => g);

    /// <summary>The households whose region code starts with the (validated) prefix, as a range of the region index (<see cref="RegionCode.PrefixEnd"/>).</summary>
    private IQueryable<KnownHousehold> HouseholdsIn(string prefix) => db.Households.AsNoTracking().InRegion(h => h.RegionCode, prefix);

    public sealed record Outlier(Guid HouseholdId, string RegionCode, long ValueFen, long NeighboursMedianFen, int Neighbours, double Ratio, double Threshold);

    /// <summary>
    /// The households of the region whose standing aid in the year exceeds the catalogue's factor
    /// times the median of their village neighbours' (the other households of the same village in the ledger).
    /// </summary>
    public async Task<(List<Outlier> Page, string NextPageToken)> OutliersAsync(Api.ListAidOutliersRequest request, RegionScope scope, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(RegionCode.IsValidPrefix(request.RegionPrefix), "region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        v.Require(request.Year is >= 2000 and <= 2100, "year", "is required: a year from 2000 to 2100");
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 2);
        var (afterRatio, afterId) = (page.Int64(0), page.Guid(1));
        v.ThrowIfInvalid();

        var prefix = request.RegionPrefix;
        // A list: the region asked for within the caller's. A scope holds whole villages, so each
        // household's neighbours (its village) are all in it or all outside.
        var values = await scope.Filter(HouseholdsIn(prefix), h => h.RegionCode)
            .Join(db.AidGrants, h => h.Id, g => g.HouseholdId, (h, g) => new { h.RegionCode, Grant = g })
            .Where(x => !x.Grant.Revoked && x.Grant.Year == request.Year)
            .GroupBy(x => new { x.RegionCode, x.Grant.HouseholdId })
            .Select(x => new { x.Key.RegionCode, x.Key.HouseholdId, Value = x.Sum(y => y.Grant.AmountFen + y.Grant.InKindValueFen) })
            .ToListAsync(ct);
        var threshold = catalogue.Concentration;
        var outliers = new List<Outlier>();
        foreach (var village in values.GroupBy(x => x.RegionCode))
        {
            var factor = threshold.FactorFor(village.Key);
            foreach (var h in village)
            {
                var neighbours = village.Where(n => n.HouseholdId != h.HouseholdId).Select(n => n.Value).Order().ToList();
                if (neighbours.Count < threshold.MinimumNeighbours) continue;
                var median = neighbours.Count % 2 == 1 ? neighbours[neighbours.Count / 2] : (neighbours[neighbours.Count / 2 - 1] + neighbours[neighbours.Count / 2]) / 2;
                if (median <= 0 || h.Value <= factor * median) continue;
                outliers.Add(new Outlier(h.HouseholdId, village.Key, h.Value, median, neighbours.Count, Math.Round((double)h.Value / median, 2), factor));
            }
        }
        // Computed whole for the region, then paged by (ratio in hundredths, household): most concentrated first.
        static long Hundredths(Outlier o) => (long)Math.Round(o.Ratio * 100);
        var ordered = outliers.OrderByDescending(Hundredths).ThenBy(o => o.HouseholdId)
            .Where(o => page.IsFirst || Hundredths(o) < afterRatio || (Hundredths(o) == afterRatio && o.HouseholdId.CompareTo(afterId) > 0));
        return page.ToPage(ordered, o => [KeysetPage.Key(Hundredths(o)), o.HouseholdId.ToString()]);
    }

    public async Task<(List<AidDuplicate> Page, string NextPageToken)> DuplicatesAsync(Api.ListAidDuplicatesRequest request, RegionScope scope, CancellationToken ct)
    {
        var v = new Validation();
        Guid? householdId = request.HouseholdId.Length > 0 ? RequireGuid(v, request.HouseholdId, "household_id", "a household id") : null;
        if (request.RegionPrefix.Length > 0 && !RegionCode.IsValidPrefix(request.RegionPrefix))
            v.Add("region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        if (request.HouseholdId.Length == 0 && request.RegionPrefix.Length == 0)
            v.Add("household_id", "a household id or a region_prefix is required");
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 1);
        var afterId = page.Guid(0);
        v.ThrowIfInvalid();
        if (householdId is { } asked) await RequireHouseholdInScopeAsync(asked, scope, ct);

        // A detection is of one household's grants: in scope when its household's region is.
        var query = scope.Filter(db.AidDuplicates.AsNoTracking(), d => d.RegionCode);
        if (!page.IsFirst) query = query.Where(d => d.Id.CompareTo(afterId) < 0);
        if (householdId is { } h) query = query.Where(d => d.HouseholdId == h);
        if (request.RegionPrefix.Length > 0) query = query.InRegion(d => d.RegionCode, request.RegionPrefix);
        // Ids are UUIDv7, ordered by time of detection; ordering by id works alike on every provider.
        return await page.ToPageAsync(query.OrderByDescending(d => d.Id), d => [d.Id.ToString()], ct);
    }

    public async Task<(List<HouseholdNeed> Page, string NextPageToken)> OpenNeedsAsync(Api.ListOpenNeedsRequest request, RegionScope scope, CancellationToken ct)
    {
        var v = new Validation();
        Guid? householdId = request.HouseholdId.Length > 0 ? RequireGuid(v, request.HouseholdId, "household_id", "a household id") : null;
        if (request.RegionPrefix.Length > 0 && !RegionCode.IsValidPrefix(request.RegionPrefix))
            v.Add("region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        if (request.HouseholdId.Length == 0 && request.RegionPrefix.Length == 0)
            v.Add("household_id", "a household id or a region_prefix is required");
        v.Require(request.Category == Api.NeedCategory.Unspecified || Enum.IsDefined(request.Category), "category", "must be a need category (or unspecified for all)");
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 2);
        var (afterSeverity, afterId) = (page.Int32(0), page.Guid(1));
        v.ThrowIfInvalid();
        if (householdId is { } asked) await RequireHouseholdInScopeAsync(asked, scope, ct);

        var query = scope.Filter(db.Needs.AsNoTracking(), n => n.RegionCode).Where(n => n.ClosedAt == null);
        if (!page.IsFirst) query = query.Where(n => n.Severity < afterSeverity || (n.Severity == afterSeverity && n.Id.CompareTo(afterId) > 0));
        if (householdId is { } h) query = query.Where(n => n.HouseholdId == h);
        if (request.RegionPrefix.Length > 0) query = query.InRegion(n => n.RegionCode, request.RegionPrefix);
        if (request.Category != Api.NeedCategory.Unspecified)
        {
            var category = (Contracts.NeedCategory)request.Category;
            query = query.Where(n => n.Category == category);
        }
        return await page.ToPageAsync(query.OrderByDescending(n => n.Severity).ThenBy(n => n.Id), n => [KeysetPage.Key(n.Severity), n.Id.ToString()], ct);
    }

    public async Task<KnownHousehold> HouseholdAsync(string id, RegionScope scope, CancellationToken ct)
    {
        var v = new Validation();
        var householdId = RequireGuid(v, id, "household_id", "a household id");
        v.ThrowIfInvalid();
        var household = await db.Households.AsNoTracking().Include(h => h.Members).SingleOrDefaultAsync(h => h.Id == householdId, ct)
            ?? throw new NotFoundException("Household", id);
        scope.Require(household.RegionCode, "Household", id);
        return household;
    }

    /// <summary>
    /// PermissionDenied for a household outside the caller's regions. A scoped caller asking for one
    /// the ledger has not learned of gets NotFound: its region is unknown, so it is in no one's scope.
    /// A nation-wide caller is not asked about (its views of an unknown household stay as they were: empty).
    /// </summary>
    public async Task RequireHouseholdInScopeAsync(Guid householdId, RegionScope scope, CancellationToken ct)
    {
        if (scope.IsNationWide) return;
        var region = await db.Households.AsNoTracking().Where(h => h.Id == householdId).Select(h => h.RegionCode).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Household", householdId.ToString());
        scope.Require(region, "Household", householdId.ToString());
    }

    /// <summary>The grant a check call describes, as the ledger would hold it; every bad field is reported at once.</summary>
    public AidGrant CandidateOf(Api.CheckAidGrantRequest request)
    {
        var v = new Validation();
        var grantId = request.GrantId.Length > 0 ? RequireGuid(v, request.GrantId, "grant_id", "a grant id") : Guid.NewGuid();
        var householdId = RequireGuid(v, request.HouseholdId, "household_id", "a household id");
        Guid? personId = request.PersonId.Length > 0 ? RequireGuid(v, request.PersonId, "person_id", "a person id") : null;
        v.Require(request.GrantorKind is Api.AidGrantorKind.Department or Api.AidGrantorKind.Enterprise, "grantor_kind", "must be a department or an enterprise");
        v.Require(!string.IsNullOrWhiteSpace(request.GrantorCode), "grantor_code", "is required (a department's code or an enterprise's credit code)");
        if (!catalogue.TryGetRule(request.BenefitTypeCode, out var rule))
            v.Add("benefit_type_code", "is not a benefit type of the catalogue");
        if (v.RequireFen(request.AmountFen, "amount_fen", allowZero: true) & v.RequireFen(request.InKindValueFen, "in_kind_value_fen", allowZero: true))
            v.Require(request.AmountFen + request.InKindValueFen > 0, "amount_fen", "the grant must be worth something (amount or in-kind value)");
        var start = RequireDate(v, request.PeriodStart, "period_start");
        var end = RequireDate(v, request.PeriodEnd, "period_end");
        if (start is { } s && end is { } e && e < s) v.Add("period_end", "must not be before period_start");
        if (request.ExpenseReference.Length > 0)
            v.RequireFen(request.ExpenseAmountFen, "expense_amount_fen");
        else if (rule == BenefitRule.CappedByExpense)
            v.Add("expense_reference", $"is required for {request.BenefitTypeCode}, which is capped by the expense it pays towards");
        else v.RequireFen(request.ExpenseAmountFen, "expense_amount_fen", allowZero: true);
        v.ThrowIfInvalid();

        return new AidGrant
        {
            GrantId = grantId,
            HouseholdId = householdId,
            PersonId = personId,
            GrantorKind = (Contracts.GrantorKind)request.GrantorKind,
            GrantorCode = request.GrantorCode,
            BenefitTypeCode = request.BenefitTypeCode,
            AmountFen = request.AmountFen,
            InKindValueFen = request.InKindValueFen,
            PeriodStart = start!.Value,
            PeriodEnd = end!.Value,
            Year = start.Value.Year,
            ExpenseReference = request.ExpenseReference.Length > 0 ? request.ExpenseReference : null,
            ExpenseAmountFen = request.ExpenseReference.Length > 0 ? request.ExpenseAmountFen : null,
        };
    }

    private static Guid RequireGuid(Validation v, string value, string field, string what)
    {
        if (Guid.TryParse(value, out var id) && id != Guid.Empty) return id;
        v.Add(field, $"must be {what} (a UUID)");
        return Guid.Empty;
    }

    private static DateOnly? RequireDate(Validation v, string value, string field)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        v.Add(field, "must be an ISO date, yyyy-MM-dd");
        return null;
    }
}
