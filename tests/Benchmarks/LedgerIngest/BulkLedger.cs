using System.Diagnostics;
using System.Globalization;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.Data.Migrations.Sqlite;
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

    /// <summary>Household ids in order of their number, so their grants are written in index order.</summary>
    public static Guid HouseholdId(int i) => new(string.Create(CultureInfo.InvariantCulture, $"{i:x8}-0000-4000-8000-{i:x12}"));

    private static string GrantId(long g) => string.Create(CultureInfo.InvariantCulture, $"{g >> 16:x8}-{g & 0xffff:x4}-7000-8000-{g:x12}").ToUpperInvariant();

    public static async Task CreateAsync(string file, int householdCount, int grantsPerHousehold)
    {
        await using (var db = PersistenceExtensions.CreateContext<SqliteHouseholdsDbContext>(DatabaseProvider.Sqlite, $"Data Source={file}"))
            await db.Database.MigrateAsync();

        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await Exec(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;");
        string[] indexes =
        [
            "CREATE INDEX IX_AidGrants_HouseholdId_BenefitTypeCode ON AidGrants (HouseholdId, BenefitTypeCode)",
            "CREATE INDEX IX_AidGrants_HouseholdId_ExpenseReference ON AidGrants (HouseholdId, ExpenseReference)",
            "CREATE INDEX IX_AidGrants_RegionCode_Year ON AidGrants (RegionCode, Year)",
        ];
        foreach (var name in new[] { "IX_AidGrants_HouseholdId_BenefitTypeCode", "IX_AidGrants_HouseholdId_ExpenseReference", "IX_AidGrants_RegionCode_Year" })
            await Exec(connection, $"DROP INDEX {name}");

        var random = new Random(2026);
        var watch = Stopwatch.StartNew();
        var grant = 0L;
        const int Batch = 20_000;
        for (var start = 0; start < householdCount; start += Batch)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            var household = connection.CreateCommand();
            household.Transaction = tx;
            household.CommandText = "INSERT INTO AidLedgerHouseholds (HouseholdId, Grants) VALUES ($h, $n)";
            var hId = household.Parameters.Add("$h", SqliteType.Text);
            household.Parameters.AddWithValue("$n", grantsPerHousehold);
            var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO AidGrants (GrantId, HouseholdId, RegionCode, PersonId, GrantorKind, GrantorCode, GrantorName, Programme, BenefitTypeCode,
                    AmountFen, InKindValueFen, PeriodStart, PeriodEnd, Year, GrantedAt, ExpenseReference, ExpenseAmountFen, RecordedAt, Revoked)
                VALUES ($id, $h, $region, NULL, 1, $grantor, $grantorName, '雨露计划', $type, $amount, 0, $start, $end, $year, $at, NULL, NULL, $at, 0)
                """;
            var p = new Dictionary<string, SqliteParameter>();
            foreach (var name in new[] { "$id", "$h", "$region", "$grantor", "$grantorName", "$type", "$amount", "$start", "$end", "$year", "$at" })
                p[name] = insert.Parameters.Add(name, SqliteType.Text);
            household.Prepare();
            insert.Prepare();
            for (var i = start; i < Math.Min(householdCount, start + Batch); i++)
            {
                var id = HouseholdId(i).ToString().ToUpperInvariant();
                hId.Value = id;
                await household.ExecuteNonQueryAsync();
                var region = string.Create(CultureInfo.InvariantCulture, $"520402{i / 300 % 1000:000}{i % 300:000}");
                for (var k = 0; k < grantsPerHousehold; k++)
                {
                    var type = Types[random.Next(Types.Length)];
                    var year = 2024 + random.Next(3);
                    p["$id"].Value = GrantId(grant++);
                    p["$h"].Value = id;
                    p["$region"].Value = region;
                    p["$grantor"].Value = type[..type.IndexOf('.')];
                    p["$grantorName"].Value = "县" + type[..type.IndexOf('.')];
                    p["$type"].Value = type;
                    p["$amount"].Value = random.Next(1_000, 500_000);
                    p["$start"].Value = $"{year}-01-01";
                    p["$end"].Value = $"{year}-12-31";
                    p["$year"].Value = year;
                    p["$at"].Value = $"{year}-01-15 08:00:00";
                    await insert.ExecuteNonQueryAsync();
                }
            }
            await tx.CommitAsync();
            if ((start / Batch) % 10 == 9)
                Console.WriteLine($"  {start + Batch:N0} households, {grant:N0} grants, {grant / watch.Elapsed.TotalSeconds:N0} grants/s");
        }
        foreach (var index in indexes) await Exec(connection, index);
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
