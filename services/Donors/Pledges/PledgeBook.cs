using System.Globalization;
using System.Security.Cryptography;
using Coordination.BuildingBlocks.Aid;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Donors.Data;
using Coordination.Donors.Domain;
using Coordination.Donors.Enterprises;
using Coordination.Donors.Matching;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Donors.V1;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Donors.Pledges;

/// <summary>
/// Pledges of active enterprises. Idempotent on the caller's key: a retry (same key, same content)
/// returns the pledge made first; a different pledge under a used key is refused.
/// </summary>
public sealed class PledgeBook(DonorsDbContext db, TimeProvider time, BenefitCatalogue catalogue)
{
    public const int MaxTargets = 100;

    public async Task<Pledge> CreateAsync(Api.CreatePledgeRequest request, CancellationToken ct)
    {
        var now = time.GetUtcDateTime();
        var (enterpriseId, kind, quantity, validFrom, validUntil) = Validate(request, DateOnly.FromDateTime(now), catalogue);
        var requestId = request.RequestId.Trim();
        var digest = Convert.ToHexString(SHA256.HashData(request.ToByteArray()));
        var once = new IdempotentCreate<Pledge>(db,
            c => db.Pledges.AsNoTracking().SingleOrDefaultAsync(p => p.EnterpriseId == enterpriseId && p.RequestId == requestId, c),
            existing => existing.RequestDigest == digest,
            existing => $"request_id '{existing.RequestId}' was used for a different pledge ({existing.Id}); use a new key for a new pledge.");

        if (await once.StoredAsync(ct) is { } existing) return existing;

        var enterprise = await db.Enterprises.AsNoTracking().SingleOrDefaultAsync(e => e.Id == enterpriseId, ct)
            ?? throw new NotFoundException("Enterprise", request.EnterpriseId);
        if (enterprise.Status != EnterpriseStatus.Active)
            throw new RuleViolationException("pledge.enterprise-not-active",
                $"Only an active enterprise can pledge; this one is {enterprise.Status.ToString().ToLowerInvariant()}.");

        var pledge = Pledge.Create(enterpriseId, requestId, digest, kind, request.Title.Trim(), quantity,
            kind == PledgeKind.Money ? 1 : request.UnitValueFen,
            request.TargetRegionCodes, request.Categories.Select(c => (Vocabulary.NeedCategory)c),
            request.PerHouseholdCap, validFrom, validUntil, now, request.BenefitTypeCode.Trim());
        db.Pledges.Add(pledge);
        return await once.SaveAsync(pledge, ct);
    }

    private static (Guid EnterpriseId, PledgeKind Kind, long Quantity, DateOnly From, DateOnly Until) Validate(
        Api.CreatePledgeRequest r, DateOnly today, BenefitCatalogue catalogue)
    {
        var v = new Validation();
        var enterpriseId = EnterpriseRegistry.ParseId(v, r.EnterpriseId);
        v.Require(r.RequestId.Trim().Length is > 0 and <= 100, "request_id", "is required (your key for this pledge, so a retry does not pledge twice), at most 100 characters");
        v.RequireText(r.Title, "title", 100, required: false);
        var kind = (PledgeKind)r.Kind;
        long quantity = 0;
        switch (r.Kind)
        {
            case Api.PledgeKind.Money:
                quantity = r.AmountFen;
                v.RequireFen(r.AmountFen, "amount_fen");
                v.Require(r.Quantity == 0, "quantity", "a money pledge is given in amount_fen, not quantity");
                v.Require(r.UnitValueFen == 0, "unit_value_fen", "a money pledge has no unit valuation");
                break;
            case Api.PledgeKind.Goods or Api.PledgeKind.Jobs or Api.PledgeKind.Training:
                quantity = r.Quantity;
                v.Require(r.Quantity > 0, "quantity", "how many items or places: must be positive");
                v.Require(r.AmountFen == 0, "amount_fen", "only a money pledge has an amount; use quantity and unit_value_fen");
                v.RequireFen(r.UnitValueFen, "unit_value_fen", allowZero: r.Kind != Api.PledgeKind.Goods); // goods need a valuation per item
                break;
            default:
                v.Add("kind", "is required: money, goods, jobs or training");
                break;
        }
        // The whole pledge is one amount too, so that allocations and the ledger's sums of them stay bounded.
        if (quantity > 0 && r.UnitValueFen > 0 && r.UnitValueFen > Money.MaxFen / quantity)
            v.Add("unit_value_fen", $"the pledge's total value (quantity × unit value) is above {Money.MaxFen} fen");

        v.Require(r.TargetRegionCodes.Count is > 0 and <= MaxTargets, "target_region_codes", $"name 1 to {MaxTargets} regions helped");
        for (var i = 0; i < r.TargetRegionCodes.Count; i++)
        {
            if (!RegionCode.IsValidPrefix(r.TargetRegionCodes[i])) v.Add($"target_region_codes[{i}]", "must be a division code of 2, 4, 6, 9 or 12 digits starting with a province");
            else if (r.TargetRegionCodes.Take(i).Contains(r.TargetRegionCodes[i])) v.Add($"target_region_codes[{i}]", "is listed twice");
        }
        v.Require(r.Categories.Count > 0, "categories", "name at least one category of need");
        for (var i = 0; i < r.Categories.Count; i++)
        {
            if (r.Categories[i] == Api.NeedCategory.Unspecified || !Enum.IsDefined(r.Categories[i])) v.Add($"categories[{i}]", "is not a known category");
            else if (r.Categories.Take(i).Contains(r.Categories[i])) v.Add($"categories[{i}]", "is listed twice");
        }
        if (r.PerHouseholdCap <= 0) v.Add("per_household_cap", "must be positive");
        else if (quantity > 0 && r.PerHouseholdCap > quantity) v.Add("per_household_cap", "cannot exceed the pledge itself");

        var benefit = r.BenefitTypeCode.Trim();
        if (benefit.Length > 0)
        {
            if (!catalogue.TryGetRule(benefit, out var rule))
                v.Add("benefit_type_code", "is not a code of the benefit catalogue (leave it empty for donor.<kind>)");
            else if (rule == BenefitRule.CappedByExpense)
                v.Add("benefit_type_code", "is paid towards a bill (capped by the expense); a pledge names no bill, so it cannot give this benefit");
            else if (rule == BenefitRule.Unknown)
                v.Add("benefit_type_code", "has a rule this service does not apply yet");
        }

        var fromOk = DateOnly.TryParseExact(r.ValidFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from);
        var untilOk = DateOnly.TryParseExact(r.ValidUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until);
        if (!fromOk) v.Add("valid_from", "must be a date, yyyy-MM-dd");
        if (!untilOk) v.Add("valid_until", "must be a date, yyyy-MM-dd");
        else if (until < today) v.Add("valid_until", "is in the past");
        if (fromOk && untilOk && until < from) v.Add("valid_until", "is before valid_from");
        v.ThrowIfInvalid();
        return (enterpriseId, kind, quantity, from, until);
    }
}
