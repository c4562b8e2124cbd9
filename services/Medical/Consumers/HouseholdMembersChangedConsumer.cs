using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using Coordination.Medical.Aid;
using Coordination.Medical.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Medical.Consumers;

/// <summary>
/// A member who joins a household (a birth, a marriage) may be uninsured: the guarantee published
/// for the year is assessed again from the event's own member list. It does not wait for the
/// household directory, whose consumer runs on another queue in no fixed order with this one.
/// Households whose guarantee was never assessed have nothing published to correct.
/// </summary>
public sealed class HouseholdMembersChangedConsumer(MedicalDbContext db, TimeProvider time) : IConsumer<HouseholdUpdated>
{
    public async Task Consume(ConsumeContext<HouseholdUpdated> context)
    {
        var m = context.Message;
        var year = m.UpdatedAt.Year;
        var state = await db.Guarantees.SingleOrDefaultAsync(g => g.HouseholdId == m.HouseholdId && g.Year == year, context.CancellationToken);
        if (state is null || state.HouseholdVersion >= m.Version) return;

        await db.ReassessAsync(m.HouseholdId, m.Members.Select(x => x.PersonId).ToList(), year, m.Version, time.GetUtcDateTime(), context.CancellationToken);
    }
}
