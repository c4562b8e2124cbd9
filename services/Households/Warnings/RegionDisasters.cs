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

    public int HouseholdsFlagged { get; set; }
}

/// <summary>
/// Raises the disaster flag on a region: every household in it (not one that is only identified)
/// gets the sudden-hardship monitoring flag with the disaster as its reason, and each flag leaves as
/// MonitoringFlagRaised in the same transaction. A household already flagged keeps its flag and reason.
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
            if (lifecycle.Raise(household, MonitoringCategory.SuddenHardship, $"Disaster in region {prefix}: {disaster.Reason}", disaster.RaisedBy, now))
                disaster.HouseholdsFlagged++;
        db.RegionDisasters.Add(disaster);
        await db.SaveChangesAsync(ct);
        return disaster;
    }
}
