using System.Diagnostics;
using System.Globalization;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Ledger.Data.Migrations.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Benchmarks.LedgerIngest;

/// <summary>
/// A ledger database at scale, written with raw SQL into the service's own migrated schema: the
/// secondary indexes are dropped during the load and rebuilt after it, as a bulk load would do.
/// </summary>
public static class BulkLedger
{
    private static readonly string[] Types =
        ["industry.dividend", "industry.wage", "education.tuition-waiver", "education.living-subsidy", "medical.premium-subsidy", "medical.assistance", "donor.money"];

    /// <summary>Household ids by number, so that a benchmark can pick one at random.</summary>
    public static Guid HouseholdId(int i) => new(string.Create(CultureInfo.InvariantCulture, $"{i:x8}-0000-4000-8000-{i:x12}"));

    private static string GrantId(long g) => string.Create(CultureInfo.InvariantCulture, $"{g >> 16:x8}-{g & 0xffff:x4}-7000-8000-{g:x12}").ToUpperInvariant();

    public static async Task CreateAsync(string file, int householdCount, int grantsPerHousehold)
    {
        await using (var db = PersistenceExtensions.CreateContext<SqliteLedgerDbContext>(DatabaseProvider.Sqlite, $"Data Source={file}"))
            await db.Database.MigrateAsync();

        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await Exec(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;");
        // Whatever secondary indexes the migrations made (the primary key's stays: it cannot be dropped).
        var indexes = new List<(string Name, string Sql)>();
        var list = connection.CreateCommand();
        list.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'AidGrants' AND sql IS NOT NULL";
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) indexes.Add((reader.GetString(0), reader.GetString(1)));
        foreach (var (name, _) in indexes) await Exec(connection, $"DROP INDEX \"{name}\"");

        // Grants are written in rounds over every household in a shuffled order, as a ledger fed by
        // departments over years would hold them: one household's grants lie in as many table pages
        // as it has grants, not side by side (which would flatter any query that reads the rows).
        var random = new Random(2026);
        var order = Enumerable.Range(0, householdCount).ToArray();
        var ids = Enumerable.Range(0, householdCount).Select(i => HouseholdId(i).ToString().ToUpperInvariant()).ToArray();
        var watch = Stopwatch.StartNew();
        var grant = 0L;
        const int Batch = 50_000;
        for (var round = 0; round < grantsPerHousehold; round++)
        {
            random.Shuffle(order);
            // Newer rounds are newer grants: four periods a year from 2024 on, granted two weeks into the period.
            var periodStart = new DateOnly(2024, 1, 1).AddMonths(3 * round);
            for (var start = 0; start < householdCount; start += Batch)
            {
                await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
                var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = """
                    INSERT INTO AidGrants (GrantId, HouseholdId, PersonId, GrantorKind, GrantorCode, GrantorName, Programme, BenefitTypeCode,
                        AmountFen, InKindValueFen, PeriodStart, PeriodEnd, Year, GrantedAt, ExpenseReference, ExpenseAmountFen, RecordedAt, Revoked)
                    VALUES ($id, $h, NULL, 1, $grantor, $grantorName, '雨露计划', $type, $amount, 0, $start, $end, $year, $at, NULL, NULL, $at, $revoked)
                    """;
                var p = new Dictionary<string, SqliteParameter>();
                foreach (var name in new[] { "$id", "$h", "$grantor", "$grantorName", "$type", "$amount", "$start", "$end", "$year", "$at", "$revoked" })
                    p[name] = insert.Parameters.Add(name, SqliteType.Text);
                p["$start"].Value = periodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                p["$end"].Value = periodStart.AddMonths(3).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                p["$year"].Value = periodStart.Year;
                p["$at"].Value = periodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 08:00:00";
                insert.Prepare();
                for (var n = start; n < Math.Min(householdCount, start + Batch); n++)
                {
                    var i = order[n];
                    var type = Types[random.Next(Types.Length)];
                    var grantor = type[..type.IndexOf('.')];
                    p["$id"].Value = GrantId(grant++);
                    p["$h"].Value = ids[i];
                    p["$grantor"].Value = grantor;
                    p["$grantorName"].Value = "县" + grantor;
                    p["$type"].Value = type;
                    p["$amount"].Value = random.Next(1_000, 500_000);
                    // One grant in fifty is revoked: listed, not counted.
                    p["$revoked"].Value = random.Next(50) == 0 ? 1 : 0;
                    await insert.ExecuteNonQueryAsync();
                }
                await tx.CommitAsync();
            }
            Console.WriteLine($"  round {round + 1} of {grantsPerHousehold}: {grant:N0} grants, {grant / watch.Elapsed.TotalSeconds:N0} grants/s");
        }
        foreach (var (_, sql) in indexes) await Exec(connection, sql);
        await Exec(connection, "ANALYZE");
    }

    private static async Task Exec(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
