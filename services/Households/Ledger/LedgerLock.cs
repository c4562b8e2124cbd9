using Coordination.Households.Data;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Ledger;

/// <summary>
/// Serialises the ledger's work on one household (grants, needs) across consumers and instances:
/// an UPDATE of its <see cref="AidLedgerHousehold"/> row holds the row lock until the inbox filter
/// commits; a first-ever pair collides on the key and one is retried.
/// </summary>
public static class LedgerLock
{
    public static async Task AcquireAsync(HouseholdsDbContext db, Guid householdId, bool countsGrant, CancellationToken ct)
    {
        var tracked = db.AidLedgerHouseholds.Local.FirstOrDefault(h => h.HouseholdId == householdId);
        if (tracked is not null)
        {
            if (countsGrant) tracked.Grants++;
            return;
        }
        var increment = countsGrant ? 1 : 0;
        var touched = await db.AidLedgerHouseholds.Where(h => h.HouseholdId == householdId)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Grants, h => h.Grants + increment), ct);
        if (touched == 0) db.AidLedgerHouseholds.Add(new AidLedgerHousehold { HouseholdId = householdId, Grants = increment });
    }
}
