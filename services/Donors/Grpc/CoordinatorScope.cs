using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Security;
using Coordination.Donors.Data;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Grpc;

/// <summary>
/// A coordinator's region scope on the donors' records, checked beside <see cref="Ownership"/>: an
/// enterprise caller is bounded by ownership alone (its token names no region), a coordinator by the
/// regions the records concern. Nothing here applies to a caller who is not a coordinator.
/// </summary>
public static class CoordinatorScope
{
    /// <summary>The scope the call is bounded by, or null when ownership bounds it (not a coordinator).</summary>
    public static RegionScope? Of(ServerCallContext context) =>
        context.User().HasRole(Roles.Coordinator) ? context.RegionScope() : null;

    /// <summary>
    /// Reading an enterprise (its registration, its trace): a coordinator of the region it is registered
    /// in, or of a region it helps (a paired village, a pledge's target), since that is who works with it.
    /// </summary>
    public static async Task RequireReadableAsync(ServerCallContext context, DonorsDbContext db, string enterpriseId)
    {
        if (Of(context) is not { IsNationWide: false } scope || !Guid.TryParse(enterpriseId, out var id)) return;
        var enterprise = await db.Enterprises.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, context.CancellationToken);
        if (enterprise is null) return; // answered as NotFound by the call itself
        if (scope.Covers(enterprise.RegionCode) || enterprise.PairedVillageCodes.Any(scope.Covers)) return;
        var targets = await db.Pledges.AsNoTracking().Where(p => p.EnterpriseId == id).Select(p => p.TargetRegionCodes).ToListAsync(context.CancellationToken);
        if (!targets.SelectMany(t => t).Any(t => Overlaps(scope, t))) throw new OutOfScopeException("Enterprise", enterpriseId);
    }

    /// <summary>Deciding on an enterprise (approval, rejection, activation): a coordinator of the region it is registered in.</summary>
    public static async Task RequireRegisteredInScopeAsync(ServerCallContext context, DonorsDbContext db, string enterpriseId)
    {
        if (Of(context) is not { IsNationWide: false } scope || !Guid.TryParse(enterpriseId, out var id)) return;
        var region = await db.Enterprises.AsNoTracking().Where(e => e.Id == id).Select(e => e.RegionCode).SingleOrDefaultAsync(context.CancellationToken);
        if (region is not null) scope.Require(region, "Enterprise", enterpriseId);
    }

    /// <summary>
    /// Changing an enterprise's pairings: every village added or removed lies in the coordinator's scope,
    /// so a county changes its own villages' pairings and keeps (must resend) the others unchanged.
    /// </summary>
    public static async Task RequirePairingChangeAsync(ServerCallContext context, DonorsDbContext db, string enterpriseId, IReadOnlyCollection<string> villages)
    {
        if (Of(context) is not { IsNationWide: false } scope || !Guid.TryParse(enterpriseId, out var id)) return;
        var paired = await db.Enterprises.AsNoTracking().Where(e => e.Id == id).Select(e => e.PairedVillageCodes).SingleOrDefaultAsync(context.CancellationToken);
        if (paired is null) return; // answered as NotFound by the call itself
        foreach (var village in paired.Except(villages).Concat(villages.Except(paired)))
            scope.Require(village, "Paired village", village);
    }

    /// <summary>A pledge made by a coordinator for an enterprise helps regions of the coordinator's scope only.</summary>
    public static void RequireTargets(ServerCallContext context, IEnumerable<string> targets)
    {
        if (Of(context) is not { IsNationWide: false } scope) return;
        foreach (var target in targets) scope.Require(target, "Pledge target region", target);
    }

    /// <summary>Delivering an allocation: a coordinator of the region of the household it helps.</summary>
    public static async Task RequireAllocationAsync(ServerCallContext context, DonorsDbContext db, string allocationId)
    {
        if (Of(context) is not { IsNationWide: false } scope || !Guid.TryParse(allocationId, out var id)) return;
        var region = await db.Allocations.AsNoTracking().Where(a => a.Id == id).Select(a => a.RegionCode).SingleOrDefaultAsync(context.CancellationToken);
        if (region is not null) scope.Require(region, "Allocation", allocationId);
    }

    /// <summary>Whether some region lies both under the prefix and in the scope.</summary>
    private static bool Overlaps(RegionScope scope, string prefix) =>
        scope.Covers(prefix) || scope.Prefixes.Any(p => p.StartsWith(prefix, StringComparison.Ordinal));
}
