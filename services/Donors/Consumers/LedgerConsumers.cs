using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using Coordination.Donors.Data;
using Coordination.Donors.Domain;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Consumers;

// The needs and the aid of households, from the ledger's events. The inbox filter commits what these
// change and drops redeliveries. Events may overtake each other (consumers run concurrently), so a
// close or revoke that arrives first leaves a row the late open or grant does not undo.

/// <summary>
/// Keeps a need by its id. The same need opened again (the ledger re-assessing it, or a replay)
/// changes nothing unless it is newer: then its severity, person, region and reason replace the
/// older ones while it is open. A need already closed stays closed: a late NeedOpened does not
/// reopen it (a need that comes back is a new need with a new id).
/// </summary>
public sealed class NeedOpenedConsumer(DonorsDbContext db) : IConsumer<NeedOpened>
{
    public async Task Consume(ConsumeContext<NeedOpened> context)
    {
        var m = context.Message;
        var need = await db.Needs.SingleOrDefaultAsync(n => n.Id == m.NeedId, context.CancellationToken);
        if (need is null)
        {
            need = new OpenNeed { Id = m.NeedId, OpenedAt = m.OpenedAt };
            db.Needs.Add(need);
        }
        else if (!need.IsOpen || m.OpenedAt < need.OpenedAt)
        {
            return;
        }
        need.HouseholdId = m.HouseholdId;
        need.PersonId = m.PersonId;
        need.RegionCode = m.RegionCode;
        need.Category = m.Category;
        need.Severity = m.Severity;
        need.Reason = m.Reason.Length > 500 ? m.Reason[..500] : m.Reason;
        need.OpenedAt = m.OpenedAt;
    }
}

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

public sealed class AidGrantedConsumer(DonorsDbContext db) : IConsumer<AidGranted>
{
    public async Task Consume(ConsumeContext<AidGranted> context)
    {
        var m = context.Message;
        var grant = await db.ReceivedGrants.SingleOrDefaultAsync(g => g.GrantId == m.GrantId, context.CancellationToken);
        if (grant is null)
        {
            grant = new ReceivedGrant { GrantId = m.GrantId };
            db.ReceivedGrants.Add(grant);
        }
        grant.HouseholdId = m.HouseholdId;
        grant.PersonId = m.PersonId;
        grant.BenefitTypeCode = Truncate(m.BenefitTypeCode);
        grant.GrantorCode = Truncate(m.Grantor.Code);
        grant.PeriodStart = m.PeriodStart;
        grant.PeriodEnd = m.PeriodEnd;
        grant.ValueFen = m.AmountFen + m.InKindValueFen;
        grant.GrantorKind = m.Grantor.Kind;
        grant.GrantedAt = m.GrantedAt;
    }

    private static string Truncate(string value) => value.Length > 100 ? value[..100] : value;
}

public sealed class AidRevokedConsumer(DonorsDbContext db) : IConsumer<AidRevoked>
{
    public async Task Consume(ConsumeContext<AidRevoked> context)
    {
        var m = context.Message;
        var grant = await db.ReceivedGrants.SingleOrDefaultAsync(g => g.GrantId == m.GrantId, context.CancellationToken);
        if (grant is null)
        {
            grant = new ReceivedGrant
            {
                GrantId = m.GrantId, HouseholdId = m.HouseholdId, GrantorKind = m.Grantor.Kind, GrantorCode = m.Grantor.Code, GrantedAt = m.RevokedAt,
            };
            db.ReceivedGrants.Add(grant);
        }
        grant.RevokedAt ??= m.RevokedAt;
    }
}
