using Coordination.BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Coordination.BuildingBlocks.Audit;

/// <summary>
/// Adds an audit row for every record a call's SaveChanges writes, to the same SaveChanges: the rows
/// commit or roll back with the change. Writes that bypass the change tracker (bulk inserts) add
/// their rows with <see cref="AuditTrail.RecordsFor"/> in their own transaction.
/// </summary>
public sealed class AuditInterceptor(AuditTrail trail) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Audit(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Audit(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Audit(DbContext? context)
    {
        if (context is null || trail.CurrentCall() is null) return;
        context.ChangeTracker.DetectChanges();
        var changes = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && IsRecord(e))
            .Select(e => (e.Metadata.ClrType.Name, Key(e), Change(e.State)))
            .ToList();
        if (changes.Count > 0) context.Set<AuditRecord>().AddRange(trail.RecordsFor(changes));
    }

    /// <summary>A record of the service's own: not a part owned by one, not the outbox, inbox or audit itself.</summary>
    private static bool IsRecord(EntityEntry e) =>
        !e.Metadata.IsOwned() && e.Entity is not (AuditRecord or OutboxMessage or InboxMessage) && e.Metadata.FindPrimaryKey() is not null;

    public static string Key(EntityEntry e) =>
        string.Join(",", e.Metadata.FindPrimaryKey()!.Properties.Select(p => e.Property(p.Name).CurrentValue?.ToString() ?? ""));

    private static string Change(EntityState state) => state switch
    {
        EntityState.Added => AuditTrail.Added,
        EntityState.Deleted => AuditTrail.Deleted,
        _ => AuditTrail.Modified,
    };
}
