using Coordination.BuildingBlocks.Security;
using Coordination.Donors.Data;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Grpc;

/// <summary>
/// Enterprise isolation, checked here in the service and not only by the route matrix: an
/// enterprise client (its token names its enterprise) reaches its own registration, pledges and
/// trace only. A coordinator acts for every enterprise.
/// </summary>
public static class Ownership
{
    public static void Require(ServerCallContext context, string enterpriseId)
    {
        var user = context.User();
        if (user.HasRole(Roles.Coordinator)) return;
        if (user.HasRole(Roles.Enterprise) && user.EnterpriseId() is { } own
            && Guid.TryParse(enterpriseId, out var requested) && requested == own) return;
        throw Denied();
    }

    /// <summary>An allocation belongs to the enterprise of its pledge.</summary>
    public static async Task RequireAllocationAsync(ServerCallContext context, DonorsDbContext db, string allocationId)
    {
        var user = context.User();
        if (user.HasRole(Roles.Coordinator)) return;
        // An id that is not a UUID is the service's validation's to report; it reaches nobody's allocation.
        if (!Guid.TryParse(allocationId, out var id)) return;
        var owner = await db.Allocations.AsNoTracking().Where(a => a.Id == id).Select(a => (Guid?)a.EnterpriseId)
            .SingleOrDefaultAsync(context.CancellationToken);
        if (owner is null) return; // not found: answered as such by the delivery itself
        Require(context, owner.Value.ToString());
    }

    private static RpcException Denied() =>
        new(new Status(StatusCode.PermissionDenied, "An enterprise may reach only its own registration, pledges and trace."));
}
