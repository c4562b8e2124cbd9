using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Coordination.Households.Data;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Households.V1;

namespace Coordination.Households.Ledger;

/// <summary>Coordinator views of the ledger, and the validation of the check call.</summary>
public sealed class AidLedgerQueries(HouseholdsDbContext db, BenefitCatalogue catalogue)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Every grant the filters select (for the totals), the page of them asked for, and the token of the next page.</summary>
    public async Task<(Guid HouseholdId, List<AidGrant> All, List<AidGrant> Page, string NextPageToken)> HouseholdAidAsync(Api.GetHouseholdAidRequest request, CancellationToken ct)
    {
        var v = new Validation();
        var householdId = RequireGuid(v, request.HouseholdId, "household_id", "a household id");
        Guid? personId = request.PersonId.Length > 0 ? RequireGuid(v, request.PersonId, "person_id", "a person id") : null;
        if (request.BenefitTypeCode.Length > 0 && !catalogue.TryGetRule(request.BenefitTypeCode, out _))
            v.Add("benefit_type_code", "is not a benefit type of the catalogue");
        v.Require(request.Year is 0 or (>= 2000 and <= 2100), "year", "must be a year from 2000 to 2100 (0 for all)");
        v.Require(request.PageSize is >= 0 and <= MaxPageSize, "page_size", $"must be from 1 to {MaxPageSize} (0 for every grant)");
        var after = request.PageToken.Length > 0 ? DecodeGrantToken(v, request.PageToken) : null;
        v.ThrowIfInvalid();

        var query = db.AidGrants.AsNoTracking().Where(g => g.HouseholdId == householdId);
        if (personId is { } p) query = query.Where(g => g.PersonId == p);
        if (request.BenefitTypeCode.Length > 0) query = query.Where(g => g.BenefitTypeCode == request.BenefitTypeCode);
        if (request.GrantorCode.Length > 0) query = query.Where(g => g.GrantorCode == request.GrantorCode);
        if (request.Year != 0) query = query.Where(g => g.Year == request.Year);
        // One household's grants are few (tens a year): the totals need them all, and paging them in
        // memory by a key of the last one shown keeps pages stable while grants arrive.
        var all = (await query.ToListAsync(ct)).OrderBy(g => g, GrantOrder.Instance).ToList();
        var rest = after is null ? all : all.Where(g => GrantOrder.Instance.Compare(g, after) > 0).ToList();
        if (request.PageSize == 0 || rest.Count <= request.PageSize) return (householdId, all, rest, "");
        var page = rest.Take(request.PageSize).ToList();
        return (householdId, all, page, EncodeGrantToken(page[^1]));
    }

    /// <summary>Newest period first, then newest grant, then by id.</summary>
    private sealed class GrantOrder : IComparer<AidGrant>
    {
        public static readonly GrantOrder Instance = new();

        public int Compare(AidGrant? x, AidGrant? y)
        {
            var c = y!.PeriodStart.CompareTo(x!.PeriodStart);
            if (c == 0) c = y.GrantedAt.CompareTo(x.GrantedAt);
            return c != 0 ? c : x.GrantId.CompareTo(y.GrantId);
        }
    }

    private static string EncodeGrantToken(AidGrant last) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{last.PeriodStart:yyyy-MM-dd}|{last.GrantedAt.Ticks}|{last.GrantId}")));

    private static AidGrant? DecodeGrantToken(Validation v, string token)
    {
        try
        {
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
            if (parts.Length == 3
                && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
                && Guid.TryParse(parts[2], out var id))
                return new AidGrant { PeriodStart = start, GrantedAt = new DateTime(ticks, DateTimeKind.Utc), GrantId = id };
        }
        catch (FormatException) { }
        v.Add("page_token", "is not a token this service gave out (next_page_token)");
        return null;
    }

    public async Task<(string Prefix, int Year, List<(string Key, long AmountFen, long InKindFen, int Grants)> ByGrantor,
        List<(string Key, long AmountFen, long InKindFen, int Grants)> ByBenefitType, int Households)> RegionTotalsAsync(Api.GetRegionAidTotalsRequest request, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(RegionCode.IsValidPrefix(request.RegionPrefix), "region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        v.Require(request.Year is 0 or (>= 2000 and <= 2100), "year", "must be a year from 2000 to 2100 (0 for all)");
        v.ThrowIfInvalid();

        var prefix = request.RegionPrefix;
        var query = db.AidGrants.AsNoTracking().Where(g => g.RegionCode.StartsWith(prefix) && !g.Revoked);
        if (request.Year != 0) query = query.Where(g => g.Year == request.Year);
        var byGrantor = (await query.GroupBy(g => g.GrantorCode)
                .Select(g => new { g.Key, Amount = g.Sum(x => x.AmountFen), InKind = g.Sum(x => x.InKindValueFen), Grants = g.Count() }).ToListAsync(ct))
            .Select(g => (g.Key, g.Amount, g.InKind, g.Grants)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var byType = (await query.GroupBy(g => g.BenefitTypeCode)
                .Select(g => new { g.Key, Amount = g.Sum(x => x.AmountFen), InKind = g.Sum(x => x.InKindValueFen), Grants = g.Count() }).ToListAsync(ct))
            .Select(g => (g.Key, g.Amount, g.InKind, g.Grants)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var households = await query.Select(g => g.HouseholdId).Distinct().CountAsync(ct);
        return (prefix, request.Year, byGrantor, byType, households);
    }

    public sealed record Outlier(Guid HouseholdId, string RegionCode, long ValueFen, long NeighboursMedianFen, int Neighbours, double Ratio, double Threshold);

    /// <summary>
    /// The households of the region whose standing aid in the year exceeds the catalogue's factor
    /// times the median of their village neighbours' (the other households of the same village in the ledger).
    /// </summary>
    public async Task<List<Outlier>> OutliersAsync(Api.ListAidOutliersRequest request, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(RegionCode.IsValidPrefix(request.RegionPrefix), "region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        v.Require(request.Year is >= 2000 and <= 2100, "year", "is required: a year from 2000 to 2100");
        v.ThrowIfInvalid();

        var prefix = request.RegionPrefix;
        var values = await db.AidGrants.AsNoTracking()
            .Where(g => g.RegionCode.StartsWith(prefix) && !g.Revoked && g.Year == request.Year)
            .GroupBy(g => new { g.RegionCode, g.HouseholdId })
            .Select(g => new { g.Key.RegionCode, g.Key.HouseholdId, Value = g.Sum(x => x.AmountFen + x.InKindValueFen) })
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
        return [.. outliers.OrderByDescending(o => o.Ratio).ThenBy(o => o.HouseholdId)];
    }

    public async Task<List<AidDuplicate>> DuplicatesAsync(Api.ListAidDuplicatesRequest request, CancellationToken ct)
    {
        var v = new Validation();
        Guid? householdId = request.HouseholdId.Length > 0 ? RequireGuid(v, request.HouseholdId, "household_id", "a household id") : null;
        if (request.RegionPrefix.Length > 0 && !RegionCode.IsValidPrefix(request.RegionPrefix))
            v.Add("region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        if (request.HouseholdId.Length == 0 && request.RegionPrefix.Length == 0)
            v.Add("household_id", "a household id or a region_prefix is required");
        v.Require(request.PageSize is >= 0 and <= MaxPageSize, "page_size", $"must be from 1 to {MaxPageSize} (0 for {DefaultPageSize})");
        v.ThrowIfInvalid();

        var query = db.AidDuplicates.AsNoTracking();
        if (householdId is { } h) query = query.Where(d => d.HouseholdId == h);
        if (request.RegionPrefix.Length > 0) query = query.Where(d => d.RegionCode.StartsWith(request.RegionPrefix));
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        // Ids are UUIDv7, ordered by time of detection; ordering by id works alike on every provider.
        return await query.OrderByDescending(d => d.Id).Take(size).ToListAsync(ct);
    }

    public async Task<List<Needs.HouseholdNeed>> OpenNeedsAsync(Api.ListOpenNeedsRequest request, CancellationToken ct)
    {
        var v = new Validation();
        Guid? householdId = request.HouseholdId.Length > 0 ? RequireGuid(v, request.HouseholdId, "household_id", "a household id") : null;
        if (request.RegionPrefix.Length > 0 && !RegionCode.IsValidPrefix(request.RegionPrefix))
            v.Add("region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        if (request.HouseholdId.Length == 0 && request.RegionPrefix.Length == 0)
            v.Add("household_id", "a household id or a region_prefix is required");
        v.Require(request.Category == Api.NeedCategory.Unspecified || Enum.IsDefined(request.Category), "category", "must be a need category (or unspecified for all)");
        v.Require(request.PageSize is >= 0 and <= MaxPageSize, "page_size", $"must be from 1 to {MaxPageSize} (0 for {DefaultPageSize})");
        v.ThrowIfInvalid();

        var query = db.Needs.AsNoTracking().Where(n => n.ClosedAt == null);
        if (householdId is { } h) query = query.Where(n => n.HouseholdId == h);
        if (request.RegionPrefix.Length > 0) query = query.Where(n => n.RegionCode.StartsWith(request.RegionPrefix));
        if (request.Category != Api.NeedCategory.Unspecified)
        {
            var category = (Contracts.NeedCategory)request.Category;
            query = query.Where(n => n.Category == category);
        }
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        return await query.OrderByDescending(n => n.Severity).ThenBy(n => n.Id).Take(size).ToListAsync(ct);
    }

    public async Task<Domain.Household> HouseholdAsync(string id, CancellationToken ct)
    {
        var v = new Validation();
        var householdId = RequireGuid(v, id, "household_id", "a household id");
        v.ThrowIfInvalid();
        return await db.Households.AsNoTracking().Include(h => h.Members).SingleOrDefaultAsync(h => h.Id == householdId, ct)
            ?? throw new NotFoundException("Household", id);
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
        v.Require(request.AmountFen >= 0, "amount_fen", "must not be negative");
        v.Require(request.InKindValueFen >= 0, "in_kind_value_fen", "must not be negative");
        v.Require(request.AmountFen + request.InKindValueFen > 0, "amount_fen", "the grant must be worth something (amount or in-kind value)");
        var start = RequireDate(v, request.PeriodStart, "period_start");
        var end = RequireDate(v, request.PeriodEnd, "period_end");
        if (start is { } s && end is { } e && e < s) v.Add("period_end", "must not be before period_start");
        if (request.ExpenseReference.Length > 0)
            v.Require(request.ExpenseAmountFen > 0, "expense_amount_fen", "must be the whole expense (more than 0) when expense_reference is given");
        else if (rule == BenefitRule.CappedByExpense)
            v.Add("expense_reference", $"is required for {request.BenefitTypeCode}, which is capped by the expense it pays towards");
        v.Require(request.ExpenseAmountFen >= 0, "expense_amount_fen", "must not be negative");
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
