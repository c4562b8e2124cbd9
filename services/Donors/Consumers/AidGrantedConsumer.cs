using Coordination.Contracts.Events;
using Coordination.Donors.Data;
using Coordination.Donors.Domain;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Consumers;

/// <summary>Keeps a grant a household received by its grant id; a revocation that overtook it stays.</summary>
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
