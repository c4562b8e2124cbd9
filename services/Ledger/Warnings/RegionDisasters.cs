using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Grpc;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Contracts;
using Microsoft.EntityFrameworkCore;
using Coordination.Ledger.Data;
using Api = Coordination.Ledger.V1;

namespace Coordination.Ledger.Warnings;

/// <summary>
/// Raises the disaster flag on a region: for every household in it (not one that is only identified)
/// the registry is asked (MonitoringFlagRequested, in the same transaction) to raise the sudden-hardship
/// monitoring flag with the disaster as its reason. A household already flagged keeps its flag and reason.
/// Until a coordinator clears the disaster, a household that comes into the region's registry later
/// (registered, or no longer only identified) is flagged the same way when the registry's event for it
/// is consumed: the families a flood reaches are not only those on the register the day it was declared.
/// </summary>
public sealed class RegionDisasters(LedgerDbContext db, TimeProvider time)
{
    public async Task<RegionDisaster> RaiseAsync(Api.FlagRegionDisasterRequest request, RegionScope scope, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(RegionCode.IsValidPrefix(request.RegionPrefix), "region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        v.RequireReason(request.Reason, "reason", maxLength: 400);
        v.RequireWho(request.RaisedBy, "raised_by");
        v.ThrowIfInvalid();
        // It flags every household of the region: the caller must serve all of it.
        scope.Require(request.RegionPrefix, "Region", request.RegionPrefix);

        var now = time.GetUtcDateTime();
        var prefix = request.RegionPrefix;
        var disaster = new RegionDisaster
        {
            Id = Guid.CreateVersion7(now), RegionPrefix = prefix, Reason = request.Reason.Trim(), RaisedBy = request.RaisedBy.Trim(), RaisedAt = now,
        };
        var households = await db.Households.Include(h => h.MonitoringFlags)
            .InRegion(h => h.RegionCode, prefix).Where(h => h.Status != HouseholdStatus.Identified && h.MergedInto == null)
            .ToListAsync(ct);
        foreach (var household in households)
            if (db.RequestFlag(household, MonitoringCategory.SuddenHardship, disaster.FlagReason, disaster.RaisedBy, now))
                disaster.HouseholdsFlagged++;
        db.RegionDisasters.Add(disaster);
        await db.SaveChangesAsync(ct);
        return disaster;
    }

    public async Task<(List<RegionDisaster> Page, string NextPageToken)> ListAsync(Api.ListRegionDisastersRequest request, RegionScope scope, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(RegionCode.IsValidPrefix(request.RegionPrefix), "region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 2);
        var (afterAt, afterId) = (page.Utc(0), page.Guid(1));
        v.ThrowIfInvalid();
        // A region's view, as its totals: the region must be the caller's. What touches it (a disaster
        // on a region containing it too) reaches the caller's own households, so all of it is listed.
        scope.Require(request.RegionPrefix, "Region", request.RegionPrefix);
        var containing = RegionCode.Containing(request.RegionPrefix).ToList();
        var within = db.RegionDisasters.InRegion(d => d.RegionPrefix, request.RegionPrefix);
        var touching = db.RegionDisasters.Where(d => containing.Contains(d.RegionPrefix)).Union(within);
        if (!request.IncludeCleared) touching = touching.Where(d => d.ClearedAt == null);
        if (!page.IsFirst) touching = touching.Where(d => d.RaisedAt < afterAt || (d.RaisedAt == afterAt && d.Id.CompareTo(afterId) < 0));
        return await page.ToPageAsync(touching.OrderByDescending(d => d.RaisedAt).ThenByDescending(d => d.Id),
            d => [KeysetPage.Key(d.RaisedAt), d.Id.ToString()], ct);
    }

    public async Task<RegionDisaster> ClearAsync(Api.ClearRegionDisasterRequest request, RegionScope scope, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(Guid.TryParse(request.DisasterId, out var id) && id != Guid.Empty, "disaster_id", "must be a disaster id (a UUID)");
        v.RequireWho(request.ClearedBy, "cleared_by");
        v.ThrowIfInvalid();
        var disaster = await db.RegionDisasters.FindAsync([id], ct) ?? throw new NotFoundException("Disaster", request.DisasterId);
        // Ending it ends it for the whole region it was declared on: the caller must serve all of it.
        scope.Require(disaster.RegionPrefix, "Disaster", request.DisasterId);
        if (disaster.ClearedAt is { } cleared)
            throw new RuleViolationException("disaster.cleared", $"The disaster was cleared on {cleared:yyyy-MM-dd} by {disaster.ClearedBy}.");
        (disaster.ClearedAt, disaster.ClearedBy) = (time.GetUtcDateTime(), request.ClearedBy.Trim());
        await db.SaveChangesAsync(ct);
        return disaster;
    }

    /// <summary>
    /// A household that has just come into the registry (registered, or no longer only identified)
    /// gets the flag of the earliest disaster that still stands on its region, as if it had been in
    /// the region's registry when the disaster was declared. Without saving: the consumer's inbox
    /// filter commits. Whether the household has just come in is the caller's to know, from the event:
    /// a household whose disaster flag a coordinator cleared must not get it back on a later change.
    /// </summary>
    public async Task FlagIfInDisasterAsync(Guid householdId, CancellationToken ct)
    {
        // One query of the (small) disasters table first: the household and its flags are loaded only
        // to ask for a flag, not for every registration of an import.
        var disaster = await db.RegionDisasters
            .Where(d => d.ClearedAt == null && db.Households.Any(h => h.Id == householdId && h.Status != HouseholdStatus.Identified
                && h.MergedInto == null && h.RegionCode.StartsWith(d.RegionPrefix)))
            .OrderBy(d => d.RaisedAt).FirstOrDefaultAsync(ct);
        if (disaster is null) return;
        var household = await db.Households.Include(h => h.MonitoringFlags).SingleAsync(h => h.Id == householdId, ct);
        db.RequestFlag(household, MonitoringCategory.SuddenHardship, disaster.FlagReason, disaster.RaisedBy, time.GetUtcDateTime());
    }
}
