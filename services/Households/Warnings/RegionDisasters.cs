using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Households.Data;
using Coordination.Households.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Households.V1;

namespace Coordination.Households.Warnings;

/// <summary>A disaster a coordinator declared on a region (a flood, a landslide): a 返贫 warning for every household in it.</summary>
public sealed class RegionDisaster
{
    public Guid Id { get; set; }

    /// <summary>2, 4, 6, 9 or 12 digits of a region code.</summary>
    public string RegionPrefix { get; set; } = "";

    public string Reason { get; set; } = "";

    public string RaisedBy { get; set; } = "";

    public DateTime RaisedAt { get; set; }

    /// <summary>Households flagged when it was declared.</summary>
    public int HouseholdsFlagged { get; set; }

    /// <summary>Null while the disaster stands: households that come into the region meanwhile are flagged too.</summary>
    public DateTime? ClearedAt { get; set; }

    public string? ClearedBy { get; set; }

    public string FlagReason => $"Disaster in region {RegionPrefix}: {Reason}";
}

/// <summary>
/// Raises the disaster flag on a region: every household in it (not one that is only identified)
/// gets the sudden-hardship monitoring flag with the disaster as its reason, and each flag leaves as
/// MonitoringFlagRaised in the same transaction. A household already flagged keeps its flag and reason.
/// Until a coordinator clears the disaster, a household that comes into the region's registry later
/// (registered, or no longer only identified) is flagged the same way when the registry's event for it
/// is consumed: the families a flood reaches are not only those on the register the day it was declared.
/// </summary>
public sealed class RegionDisasters(HouseholdsDbContext db, HouseholdLifecycle lifecycle, TimeProvider time)
{
    public async Task<RegionDisaster> RaiseAsync(Api.FlagRegionDisasterRequest request, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(RegionCode.IsValidPrefix(request.RegionPrefix), "region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        v.Require(request.Reason.Trim().Length is > 0 and <= 400, "reason", "is required (what happened), at most 400 characters");
        v.Require(request.RaisedBy.Trim().Length is > 0 and <= 100, "raised_by", "is required (who), at most 100 characters");
        v.ThrowIfInvalid();

        var now = time.GetUtcDateTime();
        var prefix = request.RegionPrefix;
        var disaster = new RegionDisaster
        {
            Id = Guid.CreateVersion7(now), RegionPrefix = prefix, Reason = request.Reason.Trim(), RaisedBy = request.RaisedBy.Trim(), RaisedAt = now,
        };
        var households = await db.Households.Include(h => h.Members).Include(h => h.MonitoringFlags)
            .InRegion(h => h.RegionCode, prefix).Where(h => h.Status != HouseholdStatus.Identified)
            .ToListAsync(ct);
        foreach (var household in households)
            if (lifecycle.Raise(household, MonitoringCategory.SuddenHardship, disaster.FlagReason, disaster.RaisedBy, now))
                disaster.HouseholdsFlagged++;
        db.RegionDisasters.Add(disaster);
        await db.SaveChangesAsync(ct);
        return disaster;
    }

    public async Task<List<RegionDisaster>> ListAsync(Api.ListRegionDisastersRequest request, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(RegionCode.IsValidPrefix(request.RegionPrefix), "region_prefix", "must be 2, 4, 6, 9 or 12 digits of a region code");
        v.ThrowIfInvalid();
        var containing = RegionCode.Containing(request.RegionPrefix).ToList();
        var within = db.RegionDisasters.InRegion(d => d.RegionPrefix, request.RegionPrefix);
        var touching = db.RegionDisasters.Where(d => containing.Contains(d.RegionPrefix)).Union(within);
        if (!request.IncludeCleared) touching = touching.Where(d => d.ClearedAt == null);
        return await touching.OrderByDescending(d => d.RaisedAt).ToListAsync(ct);
    }

    public async Task<RegionDisaster> ClearAsync(Api.ClearRegionDisasterRequest request, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(Guid.TryParse(request.DisasterId, out var id) && id != Guid.Empty, "disaster_id", "must be a disaster id (a UUID)");
        v.Require(request.ClearedBy.Trim().Length is > 0 and <= 100, "cleared_by", "is required (who), at most 100 characters");
        v.ThrowIfInvalid();
        var disaster = await db.RegionDisasters.FindAsync([id], ct) ?? throw new NotFoundException("Disaster", request.DisasterId);
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
        // One query of the (small) disasters table first: the household, its members and flags are
        // loaded only to raise a flag, not for every registration of an import.
        var disaster = await db.RegionDisasters
            .Where(d => d.ClearedAt == null && db.Households.Any(h => h.Id == householdId && h.Status != HouseholdStatus.Identified
                && h.MergedIntoHouseholdId == null && h.RegionCode.StartsWith(d.RegionPrefix)))
            .OrderBy(d => d.RaisedAt).FirstOrDefaultAsync(ct);
        if (disaster is null || await lifecycle.FindAsync(householdId, ct) is not { } household) return;
        lifecycle.Raise(household, MonitoringCategory.SuddenHardship, disaster.FlagReason, disaster.RaisedBy, time.GetUtcDateTime());
    }
}
