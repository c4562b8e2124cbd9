using Coordination.Contracts.Events;
using Coordination.Donors.Data;
using Coordination.Donors.Domain;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Consumers;

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
