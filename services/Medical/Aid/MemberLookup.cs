using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Households;
using Coordination.Medical.Data;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Medical.Aid;

public static class MemberLookup
{
    /// <summary>The member's current household in the directory; a member medical has not heard of is a rule the caller breaks.</summary>
    public static async Task<KnownHousehold> HouseholdOfAsync(this MedicalDbContext db, Guid personId, CancellationToken cancellationToken)
    {
        var householdId = await db.Members.AsNoTracking().Where(m => m.Id == personId).Select(m => (Guid?)m.HouseholdId)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new RuleViolationException("member.unknown",
                $"Person {personId} is not a member of a household known to medical (households are learnt from the registry's events).");
        var household = await db.Households.Include(h => h.Members).SingleAsync(h => h.Id == householdId, cancellationToken);
        if (household.MergedInto is { } survivor)
            throw new RuleViolationException("household.merged", $"Household {householdId} was merged into {survivor}; use that household.");
        return household;
    }

    /// <summary>
    /// 建档立卡贫困人口: a member of a household that is registered, returned to poverty, or exited within the
    /// buffer period (摘帽不摘政策) — the directory's one rule, shared with the other departments.
    /// </summary>
    public static async Task<bool> IsRegisteredPoorAsync(this MedicalDbContext db, KnownHousehold household, DateOnly today,
        HouseholdDirectoryOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await db.GetEligibleAsync(household.Id, today, options, cancellationToken);
            return true;
        }
        catch (RuleViolationException)
        {
            return false;
        }
    }
}
