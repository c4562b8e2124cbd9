using System.Data.Common;
using Coordination.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// Hands the rows a commit stored straight to this process's relay, which publishes them without
/// reading them back (OutboxRelay). Before the insert each row is claimed for this relay, so no
/// other relay's sweep takes it while the claim lives; a row whose process dies before publishing
/// it is swept once the claim expires. Without a relay in this process the rows are left unclaimed
/// and the commit wakes the sweep instead.
/// Only committed rows are handed over: inside an explicit transaction they wait for its commit,
/// and a rollback, or a transaction left without a commit, drops them.
/// </summary>
public sealed class OutboxSignalInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Claim(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Claim(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Rows(eventData.Context)?.Saved.Clear();
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Rows(eventData.Context)?.Saved.Clear();
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => HandOver(Rows(eventData.Context));

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        HandOver(Rows(eventData.Context));
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Rows(eventData.Context)?.Saved.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Rows(eventData.Context)?.Saved.Clear();
        return Task.CompletedTask;
    }

    private static OutboxRowsInFlight? Rows(DbContext? context) => (context as MessagingDbContext)?.OutboxRows;

    private void Claim(DbContext? context)
    {
        if (Rows(context) is not { Added.Count: > 0 } rows || signal.Handover is not { } handover) return;
        foreach (var row in rows.Added) handover.Claim(row);
    }

    private void Saved(DbContext? context)
    {
        if (context is not MessagingDbContext db || db.OutboxRows is not { Added.Count: > 0 } rows) return;
        // A row the save stored is Unchanged now; one the caller detached (ChangeTracker.Clear) will
        // never be stored; one still Added waits for a save that succeeds.
        var inTransaction = db.Database.CurrentTransaction is not null;
        // Outside an explicit transaction the save has committed (in its own transaction, or in none
        // for a single statement), and rows saved earlier but never committed belong to a transaction
        // that ended without a commit: they were never stored.
        if (!inTransaction) rows.Saved.Clear();
        rows.Added.RemoveAll(row =>
        {
            var state = db.Entry(row).State;
            if (state == EntityState.Unchanged) rows.Saved.Add(row);
            return state != EntityState.Added;
        });
        if (!inTransaction) HandOver(rows);
    }

    private void HandOver(OutboxRowsInFlight? rows)
    {
        if (rows is not { Saved.Count: > 0 }) return;
        if (signal.Handover is not { } handover || !handover.TryPublish(rows.Saved)) signal.Notify();
        rows.Saved.Clear();
    }
}
