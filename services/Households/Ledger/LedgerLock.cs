using System.Data.Common;
using System.Runtime.CompilerServices;
using Coordination.Households.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Coordination.Households.Ledger;

/// <summary>
/// Serialises the ledger's work on one household (grants, needs) across consumers and instances:
/// its <see cref="AidLedgerHousehold"/> row is locked until the transaction commits; a first-ever
/// pair collides on the key and one is retried. A batch locks all its households at once, in the
/// order of their ids, so two instances locking overlapping batches cannot deadlock.
/// </summary>
public static class LedgerLock
{
    /// <summary>The households each open transaction has locked; forgotten with the transaction.</summary>
    private static readonly ConditionalWeakTable<DbTransaction, HashSet<Guid>> Held = new();

    /// <summary>Locks every household given, adding to each its number of new grants.</summary>
    public static async Task AcquireAsync(HouseholdsDbContext db, IReadOnlyDictionary<Guid, int> newGrants, CancellationToken ct)
    {
        var local = db.AidLedgerHouseholds.Local.ToDictionary(h => h.HouseholdId);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var locked = transaction is null ? null : Held.GetOrCreateValue(transaction);
        var missing = new List<Guid>();
        var counted = new Dictionary<Guid, int>();
        foreach (var (id, count) in newGrants)
        {
            // Inserted in this transaction, or locked by it already (a batch's grants, then its needs).
            if (local.TryGetValue(id, out var tracked)) tracked.Grants += count;
            else if (locked?.Contains(id) == true) { if (count != 0) counted[id] = count; }
            else missing.Add(id);
        }
        missing.Sort();

        var existing = missing.Count == 0 ? [] : await LockRowsAsync(db, missing, ct);
        locked?.UnionWith(existing);
        foreach (var id in existing.Where(id => newGrants[id] != 0)) counted[id] = newGrants[id];
        // The counts, one UPDATE per distinct increment (mostly just "+ 1"), rather than a row each.
        foreach (var group in counted.Keys.GroupBy(id => counted[id]))
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

    /// <summary>Locks the rows of those households that have one, in id order; returns their ids.</summary>
    private static async Task<List<Guid>> LockRowsAsync(HouseholdsDbContext db, List<Guid> sorted, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            // FOR UPDATE locks the rows as the sorted scan returns them: in id order, whatever the plan.
            var ids = sorted.ToArray();
            return await db.Database
                .SqlQuery<Guid>($"""SELECT "HouseholdId" AS "Value" FROM "AidLedgerHouseholds" WHERE "HouseholdId" = ANY({ids}) ORDER BY "HouseholdId" FOR UPDATE""")
                .ToListAsync(ct);
        }
        // SQLite: the transaction already holds the database's write lock (BEGIN IMMEDIATE).
        // SQL Server: the UPDATE takes the row locks before anything else is read.
        if (!db.Database.IsSqlite())
            await db.AidLedgerHouseholds.Where(h => sorted.Contains(h.HouseholdId))
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.Grants, h => h.Grants), ct);
        return await db.AidLedgerHouseholds.Where(h => sorted.Contains(h.HouseholdId)).Select(h => h.HouseholdId).ToListAsync(ct);
    }
}
