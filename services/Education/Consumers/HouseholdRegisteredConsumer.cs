using Coordination.Contracts.Events;
using Coordination.Education.Data;
using Coordination.Education.Domain;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Education.Consumers;

/// <summary>
/// Keeps the local read model of registered households. The inbox filter commits the changes and
/// makes a redelivery a no-op; the upsert also tolerates events arriving out of order.
/// </summary>
public sealed class HouseholdRegisteredConsumer(EducationDbContext db) : IConsumer<HouseholdRegistered>
{
    public async Task Consume(ConsumeContext<HouseholdRegistered> context)
    {
        var message = context.Message;
        var household = await db.Households.Include(h => h.Members)
            .SingleOrDefaultAsync(h => h.Id == message.HouseholdId, context.CancellationToken);
        if (household is null)
        {
            household = new KnownHousehold { Id = message.HouseholdId };
            db.Households.Add(household);
        }
        household.RegionCode = message.RegionCode;
        household.Status = message.Status;
        household.UpdatedAt = message.RegisteredAt;
        household.Members.Clear();
        household.Members.AddRange(message.Members.Select(m => new KnownMember
        {
            Id = m.PersonId,
            HouseholdId = message.HouseholdId,
            Relation = m.Relation,
            Sex = m.Sex,
            BirthDate = m.BirthDate,
            SchoolingStage = m.SchoolingStage,
        }));
    }
}
