using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

/// <summary>The group commit's inbox: one statement that writes a row only if its key is not in the table yet.</summary>
public class BulkInsertTests
{
    [Fact]
    public Task A_row_whose_key_exists_is_skipped_and_said_so_on_SQLite() => SkipsExistingKeys(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task A_row_whose_key_exists_is_skipped_and_said_so_on_PostgreSQL() => SkipsExistingKeys(DatabaseProvider.PostgreSql);

    private static async Task SkipsExistingKeys(DatabaseProvider provider)
    {
        var cs = await TestEnvironment.CreateDatabaseAsync(provider, "bulk-insert");
        await using var db = await TestDbContext.CreateAsync(provider, cs);
        var (handled, fresh) = (Guid.NewGuid(), Guid.NewGuid());
        var earlier = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        db.InboxMessages.Add(new InboxMessage { MessageId = handled, Consumer = "households-aid-granted", ProcessedAt = earlier });
        await db.SaveChangesAsync();

        var now = earlier.AddDays(1);
        var inserted = new List<bool>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await using (var insert = new BulkInsert<InboxMessage>(db, skipExistingKeys: true))
            {
                foreach (var (id, consumer) in new[] { (handled, "households-aid-granted"), (handled, "donors-aid-granted"), (fresh, "households-aid-granted"), (fresh, "households-aid-granted") })
                    inserted.Add(await insert.AddAsync(new InboxMessage { MessageId = id, Consumer = consumer, ProcessedAt = now }, CancellationToken.None));
            }
            await transaction.CommitAsync();
        }

        // In the table already; another consumer of the same message (the key is both); new; added by this command already.
        Assert.Equal([false, true, true, false], inserted);
        var rows = await db.InboxMessages.AsNoTracking().OrderBy(m => m.ProcessedAt).ThenBy(m => m.Consumer).ToListAsync();
        Assert.Equal([(handled, "households-aid-granted", earlier), (handled, "donors-aid-granted", now), (fresh, "households-aid-granted", now)],
            rows.Select(m => (m.MessageId, m.Consumer, DateTime.SpecifyKind(m.ProcessedAt, DateTimeKind.Utc))));
    }
}
