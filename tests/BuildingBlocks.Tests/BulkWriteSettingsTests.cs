using Coordination.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

public class BulkWriteSettingsTests
{
    [Fact]
    public async Task A_bulk_write_relaxes_SQLite_for_its_connection_and_gives_the_connection_back_as_it_came()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bulk-{Guid.NewGuid():N}.db");
        await using var db = await TestDbContext.CreateAsync(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false");
        await db.Database.OpenConnectionAsync();
        try
        {
            var before = await PragmasAsync(db);
            await using (await BulkWriteSettings.ApplyAsync(db, CancellationToken.None))
            {
                Assert.Equal((1L, -65536L, 16384L), await PragmasAsync(db)); // NORMAL, 64 MB, 64 MB of WAL
                Assert.NotEqual(before, await PragmasAsync(db));
            }
            Assert.Equal(before, await PragmasAsync(db));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            File.Delete(file);
        }
    }

    private static async Task<(long Synchronous, long CacheSize, long Checkpoint)> PragmasAsync(DbContext db)
    {
        async Task<long> Read(string name)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA " + name;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return (await Read("synchronous"), await Read("cache_size"), await Read("wal_autocheckpoint"));
    }
}
