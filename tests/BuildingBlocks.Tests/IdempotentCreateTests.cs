using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

/// <summary>
/// IdempotentCreate over a real database: a note's id is its key (the primary key is the unique
/// index a lost race runs into), its text the content a repeat must match.
/// </summary>
public class IdempotentCreateTests
{
    private static IdempotentCreate<Note> Once(TestDbContext db, Guid key, string text) => new(db,
        ct => db.Notes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == key, ct),
        stored => stored.Text == text,
        stored => $"note {stored.Id} says something else");

    private static Func<CancellationToken, Task<Note>> Add(TestDbContext db, Guid key, string text) => _ =>
    {
        var note = new Note { Id = key, Text = text };
        db.Notes.Add(note);
        return Task.FromResult(note);
    };

    [Fact]
    public async Task The_same_key_and_content_returns_the_stored_record_without_creating_again()
    {
        await using var db = await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "once-same"));
        var key = Guid.NewGuid();
        var first = await Once(db, key, "a").CreateAsync(Add(db, key, "a"), default);
        db.ChangeTracker.Clear();

        var created = 0;
        var again = await Once(db, key, "a").CreateAsync(ct => { created++; return Add(db, key, "a")(ct); }, default);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(0, created);
        Assert.Equal(1, await db.Notes.CountAsync());
    }

    [Fact]
    public async Task The_same_key_with_other_content_is_AlreadyExists_and_stores_nothing()
    {
        await using var db = await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "once-other"));
        var key = Guid.NewGuid();
        await Once(db, key, "a").CreateAsync(Add(db, key, "a"), default);
        db.ChangeTracker.Clear();

        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => Once(db, key, "b").CreateAsync(Add(db, key, "b"), default));

        Assert.Equal($"note {key} says something else", error.Message);
        Assert.Equal("a", (await db.Notes.SingleAsync()).Text);
    }

    [Fact]
    public Task A_lost_race_answers_with_the_winners_record_or_AlreadyExists_on_SQLite() => LostRace(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task A_lost_race_answers_with_the_winners_record_or_AlreadyExists_on_PostgreSQL() => LostRace(DatabaseProvider.PostgreSql);

    /// <summary>Both calls look the key up before either saves: the second insert fails on the unique key and looks again.</summary>
    private static async Task LostRace(DatabaseProvider provider)
    {
        var cs = await TestEnvironment.CreateDatabaseAsync(provider, "once-race");
        await using var winner = await TestDbContext.CreateAsync(provider, cs);
        await using var retry = PersistenceExtensions.CreateContext<TestDbContext>(provider, cs);
        await using var other = PersistenceExtensions.CreateContext<TestDbContext>(provider, cs);
        var key = Guid.NewGuid();
        var (first, second, third) = (Once(winner, key, "a"), Once(retry, key, "a"), Once(other, key, "b"));
        Assert.Null(await first.StoredAsync(default));
        Assert.Null(await second.StoredAsync(default));
        Assert.Null(await third.StoredAsync(default));

        var won = await first.SaveAsync(await Add(winner, key, "a")(default), default);
        var lost = await second.SaveAsync(await Add(retry, key, "a")(default), default);
        var otherNote = await Add(other, key, "b")(default);
        await Assert.ThrowsAsync<AlreadyExistsException>(() => third.SaveAsync(otherNote, default));

        Assert.Equal(won.Id, lost.Id);
        // The loser's context was cleared: its failed insert is not tried again by a later save.
        Assert.Empty(retry.ChangeTracker.Entries());
        await retry.SaveChangesAsync();
        Assert.Equal("a", (await retry.Notes.AsNoTracking().SingleAsync()).Text);
    }

    [Fact]
    public async Task Concurrent_creates_of_one_key_store_it_once_and_all_get_it()
    {
        const int callers = 6;
        var cs = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "once-concurrent");
        await (await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, cs)).DisposeAsync();
        var key = Guid.NewGuid();
        // Every caller has found nothing before any saves: each builds its record, and all but one insert lose.
        var lookedUp = 0;
        var allLookedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var results = await Task.WhenAll(Enumerable.Range(0, callers).Select(i => Task.Run(async () =>
        {
            await using var db = PersistenceExtensions.CreateContext<TestDbContext>(DatabaseProvider.Sqlite, cs);
            return await Once(db, key, "same").CreateAsync(async ct =>
            {
                if (Interlocked.Increment(ref lookedUp) == callers) allLookedUp.SetResult();
                await allLookedUp.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
                return await Add(db, key, "same")(ct);
            }, default);
        })));

        Assert.Equal(callers, lookedUp);
        Assert.All(results, r => Assert.Equal(key, r.Id));
        await using var check = PersistenceExtensions.CreateContext<TestDbContext>(DatabaseProvider.Sqlite, cs);
        Assert.Equal(1, await check.Notes.CountAsync());
    }

    [Fact]
    public async Task A_failed_save_that_no_stored_record_explains_is_rethrown()
    {
        await using var db = await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "once-rethrow"));
        var taken = Guid.NewGuid();
        db.Notes.Add(new Note { Id = taken, Text = "x" });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        // The lookup is by another key than the one the insert collides on: nothing under it explains the failure.
        var once = new IdempotentCreate<Note>(db, _ => Task.FromResult<Note?>(null), null, _ => "");

        await Assert.ThrowsAsync<DbUpdateException>(() => once.CreateAsync(Add(db, taken, "y"), default));
    }
}
