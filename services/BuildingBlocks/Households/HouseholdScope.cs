using System.Linq.Expressions;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Microsoft.EntityFrameworkCore;

namespace Coordination.BuildingBlocks.Households;

/// <summary>
/// Region scope for what belongs to a household: its region is the household's, as the service's
/// household directory knows it. For the departments' call handlers, never for message consumers
/// (those act for the system, which serves every region).
/// </summary>
public static class HouseholdScope
{
    /// <summary>
    /// The rows whose household lies in the scope: the directory's households of the scope (one index
    /// range on their region per prefix) joined on the household id, so paging and order still apply.
    /// </summary>
    public static IQueryable<T> FilterByHousehold<T>(this RegionScope scope, IQueryable<T> source, ServiceDbContext db, Expression<Func<T, Guid>> householdId) =>
        scope.IsNationWide
            ? source
            : source.Join(scope.Filter(db.Set<KnownHousehold>().AsNoTracking(), h => h.RegionCode), householdId, h => h.Id, (row, _) => row);

    /// <summary>The household's region in the directory; null when the directory does not know the household.</summary>
    public static Task<string?> RegionOfHouseholdAsync(this ServiceDbContext db, Guid householdId, CancellationToken cancellationToken) =>
        db.Set<KnownHousehold>().AsNoTracking().Where(h => h.Id == householdId).Select(h => (string?)h.RegionCode).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The region of the household the person belongs to; null when the directory knows no such member.</summary>
    public static Task<string?> RegionOfMemberAsync(this ServiceDbContext db, Guid personId, CancellationToken cancellationToken) =>
        db.Set<KnownMember>().AsNoTracking().Where(m => m.Id == personId)
            .Join(db.Set<KnownHousehold>(), m => m.HouseholdId, h => h.Id, (_, h) => (string?)h.RegionCode)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// PermissionDenied when the directory places the household outside the scope. A household it does
    /// not know is left to the call to answer (NotFound, or the rule that it must be known): no record
    /// of it exists here to disclose or change.
    /// </summary>
    public static async Task RequireHouseholdAsync(this RegionScope scope, ServiceDbContext db, Guid householdId, CancellationToken cancellationToken)
    {
        if (scope.IsNationWide) return;
        if (await db.RegionOfHouseholdAsync(householdId, cancellationToken) is { } region) scope.Require(region, "Household", householdId.ToString());
    }

    /// <summary>As <see cref="RequireHouseholdAsync"/>, for a person by the household the directory places them in.</summary>
    public static async Task RequireMemberAsync(this RegionScope scope, ServiceDbContext db, Guid personId, string resource, CancellationToken cancellationToken)
    {
        if (scope.IsNationWide) return;
        if (await db.RegionOfMemberAsync(personId, cancellationToken) is { } region) scope.Require(region, resource, personId.ToString());
    }
}
