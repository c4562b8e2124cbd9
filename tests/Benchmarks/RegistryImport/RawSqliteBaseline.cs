using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.Contracts.Events;
using Coordination.Households.Deduplication;
using Coordination.Households.Synthetic;
using Microsoft.Data.Sqlite;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Benchmarks.RegistryImport;

/// <summary>
/// The baseline: the same rows (households, members, outbox rows, with the same encryption, keyed
/// hashes and name keys) inserted by hand with prepared statements, one transaction per batch, into
/// the same schema and indexes; no gRPC, no validation, no duplicate checks, no EF Core.
/// </summary>
public static class RawSqliteBaseline
{
    public const int BatchSize = 1000;

    public static async Task<TimeSpan> InsertAsync(string file, HouseholdGenerator generator, int count, PersonalDataProtector protector, PersonNames names)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // As the import sets them.
            pragma.CommandText = "PRAGMA journal_mode=WAL; " + BulkWriteSettings.SqlitePragmas;
            await pragma.ExecuteNonQueryAsync();
        }
        var household = Prepare(connection, "Households",
            "Id", "Address", "ArableLandTenthMu", "AssignedHelper", "Housing", "IncomePerCapitaFen", "PovertyCauses", "RegionCode",
            "RegisteredAt", "RegistrationNumber", "Status", "UpdatedAt", "Version");
        var member = Prepare(connection, "Members",
            "Id", "BirthDate", "Health", "HouseholdId", "LabourCapacity", "NameEncrypted", "NameKey", "NameMasked", "NationalIdEncrypted",
            "NationalIdHash", "NationalIdMasked", "PinyinKey", "Relation", "SchoolingStage", "Sex");
        var outbox = Prepare(connection, "OutboxMessages", "Id", "Attempts", "CreatedAt", "MessageType", "NextAttemptAt", "Payload");

        var watch = Stopwatch.StartNew();
        for (var done = 0; done < count;)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            household.Transaction = member.Transaction = outbox.Transaction = transaction;
            for (var i = 0; i < BatchSize && done < count; i++, done++)
            {
                var request = generator.Next();
                var now = DateTime.UtcNow;
                var id = Guid.CreateVersion7(now);
                var registrationNumber = request.RegionCode + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
                var causes = request.PovertyCauses.Select(c => (Vocabulary.PovertyCause)c).ToList();
                Set(household, id.ToString().ToUpperInvariant(), request.Address, request.ArableLandTenthMu, request.AssignedHelper, (int)request.Housing,
                    request.IncomePerCapitaFen, "[" + string.Join(",", causes.Select(c => (int)c)) + "]", request.RegionCode, Time(now), registrationNumber,
                    (int)Vocabulary.HouseholdStatus.Registered, Time(now), 1L);
                await household.ExecuteNonQueryAsync();
                var people = new List<HouseholdMember>(request.Members.Count);
                foreach (var m in request.Members)
                {
                    var personId = Guid.CreateVersion7(now);
                    var birth = DateOnly.ParseExact(m.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    var (nameKey, pinyinKey) = names.Keys(m.Name, birth);
                    Set(member, personId.ToString().ToUpperInvariant(), m.BirthDate, (int)m.Health, id.ToString().ToUpperInvariant(), (int)m.LabourCapacity,
                        protector.Encrypt(m.Name, "members.name", personId), nameKey, PersonalDataMask.Name(m.Name), protector.Encrypt(m.NationalId, "members.national_id", personId),
                        protector.Hash(m.NationalId), PersonalDataMask.NationalId(m.NationalId), pinyinKey, (int)m.Relation, (int)m.SchoolingStage, (int)m.Sex);
                    await member.ExecuteNonQueryAsync();
                    people.Add(new HouseholdMember(personId, (Vocabulary.Relation)m.Relation, (Vocabulary.Sex)m.Sex, birth,
                        (Vocabulary.HealthStatus)m.Health, (Vocabulary.LabourCapacity)m.LabourCapacity, (Vocabulary.SchoolingStage)m.SchoolingStage));
                }
                var message = OutboxMessage.Create(new HouseholdRegistered(id, registrationNumber, request.RegionCode, Vocabulary.HouseholdStatus.Registered,
                    causes, request.IncomePerCapitaFen, people, now), now);
                Set(outbox, message.Id.ToString().ToUpperInvariant(), 0, Time(message.CreatedAt), message.MessageType, Time(message.NextAttemptAt), message.Payload);
                await outbox.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        return watch.Elapsed;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string table, params string[] columns)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        for (var i = 0; i < columns.Length; i++) command.Parameters.Add(new SqliteParameter("$p" + i, null));
        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
