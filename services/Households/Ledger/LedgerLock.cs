using Coordination.Households.Data;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Ledger;

/// <summary>
/// Serialises the ledger's work on one household (grants, needs) across consumers and instances:
/// its <see cref="AidLedgerHousehold"/> row is locked until the transaction commits; a first-ever
/// pair collides on the key and one is retried. A batch locks all its households at once, in the
/// order of their ids, so two instances locking overlapping batches cannot deadlock.
/// </summary>
public static class LedgerLock
{
    public static Task AcquireAsync(HouseholdsDbContext db, Guid householdId, bool countsGrant, CancellationToken ct) =>
        AcquireAsync(db, new Dictionary<Guid, int> { [householdId] = countsGrant ? 1 : 0 }, ct);

    /// <summary>Locks every household given, adding to each its number of new grants.</summary>
    public static async Task AcquireAsync(HouseholdsDbContext db, IReadOnlyDictionary<Guid, int> newGrants, CancellationToken ct)
    {
        var local = db.AidLedgerHouseholds.Local.ToDictionary(h => h.HouseholdId);
        var missing = new List<Guid>();
        foreach (var (id, count) in newGrants)
        {
            // Already locked in this transaction.
            if (local.TryGetValue(id, out var tracked)) tracked.Grants += count;
            else missing.Add(id);
        }
        if (missing.Count == 0) return;
        missing.Sort();

        List<Guid> existing;
        if (db.Database.IsNpgsql())
        {
            // FOR UPDATE locks the rows as the sorted scan returns them: in id order, whatever the plan.
            var ids = missing.ToArray();
            existing = await db.Database
                .SqlQuery<Guid>($"""SELECT "HouseholdId" AS "Value" FROM "AidLedgerHouseholds" WHERE "HouseholdId" = ANY({ids}) ORDER BY "HouseholdId" FOR UPDATE""")
                .ToListAsync(ct);
        }
        else
        {
            // SQLite: the transaction already holds the database's write lock (BEGIN IMMEDIATE).
            // SQL Server: the UPDATE takes the row locks before anything else is read.
            if (!db.Database.IsSqlite())
                await db.AidLedgerHouseholds.Where(h => missing.Contains(h.HouseholdId))
                    .ExecuteUpdateAsync(s => s.SetProperty(h => h.Grants, h => h.Grants), ct);
            existing = await db.AidLedgerHouseholds.Where(h => missing.Contains(h.HouseholdId)).Select(h => h.HouseholdId).ToListAsync(ct);
        }
        // The counts, one UPDATE per distinct increment (mostly just "+ 1"), rather than a row each.
        foreach (var group in existing.Where(id => newGrants[id] != 0).GroupBy(id => newGrants[id]))
        {
            var increment = group.Key;
            var ids = group.ToList();
            await db.AidLedgerHouseholds.Where(h => ids.Contains(h.HouseholdId))
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.Grants, h => h.Grants + increment), ct);
        }
        var found = existing.ToHashSet();
        foreach (var id in missing.Where(id => !found.Contains(id)))
            db.AidLedgerHouseholds.Add(new AidLedgerHousehold { HouseholdId = id, Grants = newGrants[id] });
    }
}
