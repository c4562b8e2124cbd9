using Coordination.BuildingBlocks.Domain;
using Microsoft.EntityFrameworkCore;

namespace Coordination.BuildingBlocks.Persistence;

/// <summary>
/// Creates a record once per key (a request_id, or a natural key such as person and year): a
/// repeat with the same content gets the stored record back and changes nothing; the same key with
/// other content is <see cref="AlreadyExistsException"/> (ALREADY_EXISTS), a caller's mistake rather
/// than a retry. A unique index on the key decides races: two calls may both find nothing, one insert
/// commits and the other fails, looks again and answers as if it had come second.
/// </summary>
/// <param name="db">The context the new record (and its outbox rows) are added to; cleared after a lost race.</param>
/// <param name="find">Looks the key up in the database (no tracking), null if nothing is stored under it.</param>
/// <param name="sameContent">Whether a stored record is what this request asks for; null: any record under the key is.</param>
/// <param name="conflict">The AlreadyExists message for a stored record with other content (shown to the caller).</param>
public sealed class IdempotentCreate<T>(
    DbContext db, Func<CancellationToken, Task<T?>> find, Func<T, bool>? sameContent, Func<T, string> conflict) where T : class
{
    /// <summary>The record stored under the key if this request repeats it; null if none is; AlreadyExists if it differs.</summary>
    public async Task<T?> StoredAsync(CancellationToken cancellationToken) =>
        await find(cancellationToken) is { } stored ? Replay(stored) : null;

    /// <summary>A record found under the key some other way (e.g. by a second unique index): it, or AlreadyExists.</summary>
    public T Replay(T stored) => sameContent is null || sameContent(stored) ? stored : throw new AlreadyExistsException(conflict(stored));

    /// <summary>
    /// Saves the context, to which the caller has added <paramref name="created"/> and its events. If the
    /// save fails and a record is now stored under the key, a concurrent call won: its record answers
    /// (or AlreadyExists). Any other failure is rethrown, for the caller or the error mapping.
    /// </summary>
    public async Task<T> SaveAsync(T created, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return created;
        }
        catch (DbUpdateException)
        {
            // Providers name unique violations differently; looking again tells them apart from other failures.
            db.ChangeTracker.Clear();
            if (await find(cancellationToken) is { } raced) return Replay(raced);
            throw;
        }
    }

    /// <summary>The whole pattern: the stored record, or <paramref name="create"/> (which builds the record and adds it and its events to the context) saved once.</summary>
    public async Task<T> CreateAsync(Func<CancellationToken, Task<T>> create, CancellationToken cancellationToken) =>
        await StoredAsync(cancellationToken) ?? await SaveAsync(await create(cancellationToken), cancellationToken);
}
