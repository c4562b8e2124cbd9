using Coordination.Contracts.Events;
using Coordination.Donors.Data;
using Coordination.Donors.Domain;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Consumers;

/// <summary>Marks a received grant revoked; one that overtakes its AidGranted leaves a row the grant fills in later.</summary>
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
