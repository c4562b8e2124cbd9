using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Coordination.Ledger.Data;

namespace Coordination.Ledger.Grants;

/// <summary>
/// Serialises the ledger's work on one household (grants, needs) across consumers and instances.
/// On PostgreSQL and SQL Server the household's <see cref="AidLedgerHousehold"/> row is locked until
/// the transaction commits; a first-ever pair collides on the key and one is retried. A batch locks all
/// its households at once, in the order of their ids, so two instances locking overlapping batches
/// cannot deadlock. On SQLite there is nothing to do: every ledger transaction begins IMMEDIATE,
/// holding the database's one write lock, so no two of them ever run side by side. Locking rows there
/// would cost the group commit a query and an update per batch for no effect.
/// </summary>
public sealed class LedgerLock(LedgerDbContext db)
{
    // The households the scope's open transaction has locked (a batch's grants, then its needs). Row
    // locks last until the transaction ends, so another transaction starts with none.
    private readonly HashSet<Guid> _held = [];
    private DbTransaction? _heldIn;

    /// <summary>Locks every household given, creating the rows of those seen for the first time.</summary>
    public async Task AcquireAsync(IReadOnlyCollection<Guid> households, CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return;
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (!ReferenceEquals(transaction, _heldIn))
        {
            _heldIn = transaction;
            _held.Clear();
        }
        // Without a transaction a lock ends with its statement: nothing is held for later.
        var held = transaction is null ? [] : _held;
        // Inserted in this transaction: locked by the insert already.
        var local = db.AidLedgerHouseholds.Local.Select(h => h.HouseholdId).ToHashSet();
        var wanted = households.Where(id => !local.Contains(id) && !held.Contains(id)).Order().ToList();
        if (wanted.Count == 0) return;
        var existing = (await LockRowsAsync(wanted, ct)).ToHashSet();
        held.UnionWith(existing);
        foreach (var id in wanted.Where(id => !existing.Contains(id)))
            db.AidLedgerHouseholds.Add(new AidLedgerHousehold { HouseholdId = id });
    }

    /// <summary>Locks the rows of those households that have one, in id order; returns their ids.</summary>
    private async Task<List<Guid>> LockRowsAsync(List<Guid> sorted, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            // FOR UPDATE locks the rows as the sorted scan returns them: in id order, whatever the plan.
            var ids = sorted.ToArray();
            return await db.Database
                .SqlQuery<Guid>($"""SELECT "HouseholdId" AS "Value" FROM "AidLedgerHouseholds" WHERE "HouseholdId" = ANY({ids}) ORDER BY "HouseholdId" FOR UPDATE""")
                .ToListAsync(ct);
        }
        // SQL Server: update locks, held to the end of the transaction, on the rows the key seek reads.
        return await db.AidLedgerHouseholds.FromSql($"SELECT * FROM [AidLedgerHouseholds] WITH (UPDLOCK, ROWLOCK)")
            .Where(h => sorted.Contains(h.HouseholdId)).OrderBy(h => h.HouseholdId).Select(h => h.HouseholdId).ToListAsync(ct);
    }
}
