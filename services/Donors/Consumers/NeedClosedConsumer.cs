using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using Coordination.Donors.Data;
using Coordination.Donors.Domain;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Consumers;

/// <summary>Closes the need and gives the units of its undelivered allocations back to their pledges.</summary>
public sealed class NeedClosedConsumer(DonorsDbContext db, TimeProvider time) : IConsumer<NeedClosed>
{
    public async Task Consume(ConsumeContext<NeedClosed> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var need = await db.Needs.SingleOrDefaultAsync(n => n.Id == m.NeedId, ct);
        if (need is null)
        {
            need = new OpenNeed { Id = m.NeedId, HouseholdId = m.HouseholdId, OpenedAt = m.ClosedAt, Reason = "" };
            db.Needs.Add(need);
        }
        need.ClosedAt ??= m.ClosedAt;

        var now = time.GetUtcDateTime();
        var undelivered = await db.Allocations.Where(a => a.NeedId == m.NeedId && a.Status == AllocationStatus.Allocated).ToListAsync(ct);
        foreach (var allocation in undelivered)
        {
            if (!allocation.CancelIfUndelivered(now)) continue;
            var pledge = await db.Pledges.SingleAsync(p => p.Id == allocation.PledgeId, ct);
            pledge.GiveBack(allocation.Quantity);
        }
    }
}
