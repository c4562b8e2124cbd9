using System.Text;
using Coordination.Households.Synthetic;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Households.Tests;

public class UnmaskedReadTests
{
    private static readonly UnmaskedRead Read = new() { RequestedBy = "县医保局 赵六", Purpose = "核对参保名单" };

    [Fact]
    public async Task With_the_permission_an_unmasked_read_shows_the_data_and_is_audited_per_person()
    {
        await using var factory = await HouseholdsFactory.CreateAsync();
        var request = People.Family();
        var registered = await factory.Registry().RegisterHouseholdAsync(request);
        var permitted = new HouseholdRegistry.HouseholdRegistryClient(factory.Channel(TestCaller.Broad.Unmasked()));

        var masked = await permitted.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId });
        Assert.Equal(0, await factory.WithDbAsync(db => db.PersonalDataReads.CountAsync()));

        var read = await permitted.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId, Unmasked = Read });
        Assert.Equal(request.Members.Select(m => m.NationalId).Order(), read.Members.Select(m => m.NationalId).Order());
        Assert.Equal(request.Members.Select(m => m.Name).Order(), read.Members.Select(m => m.Name).Order());
        Assert.All(masked.Members, m => Assert.StartsWith(new string('*', 17), m.NationalId));
        Assert.Equal(request.Members.Select(m => m.BirthDate).Order(), read.Members.Select(m => m.BirthDate).Order());

        var resolved = await permitted.ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = request.Members[1].NationalId, Unmasked = Read });
        Assert.Equal(request.Members[1].NationalId, resolved.Member.NationalId);

        var audit = await factory.WithDbAsync(db => db.PersonalDataReads.AsNoTracking().ToListAsync());
        Assert.Equal(4, audit.Count); // three members read by GetHousehold, one by ResolveNationalId
        // The client comes from the token; the official and the purpose from the request.
        Assert.All(audit, a => Assert.Equal(($"{TestCaller.Broad.ClientId}: 县医保局 赵六", "核对参保名单", Guid.Parse(registered.HouseholdId)), (a.ReadBy, a.Purpose, a.HouseholdId)));
        Assert.Equal(registered.Members.Select(m => Guid.Parse(m.PersonId)).Order(), audit.Where(a => a.Operation == "GetHousehold").Select(a => a.PersonId).Order());
        Assert.Equal(Guid.Parse(resolved.Member.PersonId), Assert.Single(audit, a => a.Operation == "ResolveNationalId").PersonId);
    }

    [Fact]
    public async Task Without_the_permission_an_unmasked_read_is_PermissionDenied_and_nothing_is_shown()
    {
        await using var factory = await HouseholdsFactory.CreateAsync();
        var request = People.Family();
        var registered = await factory.Registry().RegisterHouseholdAsync(request);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId, Unmasked = Read }).ResponseAsync);
        var resolveError = await Assert.ThrowsAsync<RpcException>(() =>
            factory.Registry().ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = request.Members[0].NationalId, Unmasked = Read }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, resolveError.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.PersonalDataReads.CountAsync()));
    }

    [Fact]
    public async Task An_unmasked_read_must_say_who_and_why()
    {
        await using var factory = await HouseholdsFactory.CreateAsync();
        var registered = await factory.Registry().RegisterHouseholdAsync(People.Family());
        var permitted = new HouseholdRegistry.HouseholdRegistryClient(factory.Channel(TestCaller.Broad.Unmasked()));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            permitted.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId, Unmasked = new UnmaskedRead() }).ResponseAsync);

        Assert.Equal(["unmasked.requested_by", "unmasked.purpose"], error.FieldViolations().Select(v => v.Field));
    }
}

/// <summary>
/// The households service as a real process on a SQLite file, logging verbosely (EF Core's SQL
/// commands included): after registrations, updates, refused requests, unmasked reads, a bulk import and a
/// duplicate merge, no raw ID
/// number or name is in its log or anywhere in its database files.
/// </summary>
[Collection(HouseholdsOnRabbitMq.Name)]
public class PersonalDataLeakTests
{
    [RabbitMqFact]
    public async Task No_raw_ID_number_or_name_reaches_the_log_or_the_database_file()
    {
        var root = TestEnvironment.CreateTempDirectory();
        var dataDirectory = Path.Combine(root, "db");
        var settings = new Dictionary<string, string?>(TestEnvironment.RabbitMqSettings())
        {
            ["Persistence:DataDirectory"] = dataDirectory,
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        };
        var people = new List<MemberInput>();
        var numbersOnly = new List<string>();
        var process = ServiceProcess.Start("households", "services/Households", root, settings);
        try
        {
            await process.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            using var channel = process.Channel(TestCaller.Broad.Unmasked());
            var registry = new HouseholdRegistry.HouseholdRegistryClient(channel);

            var request = People.Family();
            people.AddRange(request.Members);
            var h = await registry.RegisterHouseholdAsync(request);
            var added = People.Member("刘桂英", new DateOnly(1950, 1, 5), Sex.Female, Relation.Parent);
            people.Add(added);
            h = await registry.UpdateHouseholdAsync(new UpdateHouseholdRequest { HouseholdId = h.HouseholdId, Version = h.Version, AddMembers = { added } });
            await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = h.HouseholdId, Unmasked = new UnmaskedRead { RequestedBy = "审计", Purpose = "测试" } });
            await registry.ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = added.NationalId, Unmasked = new UnmaskedRead { RequestedBy = "审计", Purpose = "测试" } });

            // Refused requests carry numbers too: a person of another household, a wrong check digit, an unknown number.
            var again = People.Family();
            again.Members[2] = request.Members[2].Clone();
            people.AddRange(again.Members);
            await Assert.ThrowsAsync<RpcException>(() => registry.RegisterHouseholdAsync(again).ResponseAsync);
            var wrong = People.Family();
            wrong.Members[0].NationalId = wrong.Members[0].NationalId[..17] + (wrong.Members[0].NationalId[17] == '1' ? '2' : '1');
            people.AddRange(wrong.Members);
            await Assert.ThrowsAsync<RpcException>(() => registry.RegisterHouseholdAsync(wrong).ResponseAsync);
            var unknown = People.NationalId(new DateOnly(1960, 6, 6), Sex.Male);
            people.Add(new MemberInput { NationalId = unknown, Name = "" });
            await Assert.ThrowsAsync<RpcException>(() => registry.ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = unknown }).ResponseAsync);

            // A bulk import, one of its rows refused for its ID number: only the numbers are checked for these
            // generated people, whose short names may well be part of an assigned helper's name, which is not personal data.
            var generator = new HouseholdGenerator(seed: 77);
            var imported = Enumerable.Range(0, 20).Select(_ => generator.Next()).ToList();
            var refused = generator.Next();
            refused.Members[0].NationalId = refused.Members[0].NationalId[..17] + (refused.Members[0].NationalId[17] == '1' ? '2' : '1');
            numbersOnly.AddRange(imported.Append(refused).SelectMany(r => r.Members).Select(m => m.NationalId));
            var progress = await Imports.RunAsync(registry, imported.Append(refused));
            Assert.Equal((20, 1), (progress[^1].Stored, progress[^1].Rejected));

            // The same person filed again under a mistyped number and a traditional name: found, reviewed, merged.
            var first = DeduplicationTests.Family("520402101202");
            var filedAgain = DeduplicationTests.FiledAgain(first, "520402101203");
            people.AddRange(first.Members.Concat(filedAgain.Members));
            var a = await registry.RegisterHouseholdAsync(first);
            var b = await registry.RegisterHouseholdAsync(filedAgain);
            var candidate = (await registry.ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest())).Candidates
                .Single(c => c.OtherPerson.HouseholdId == b.HouseholdId);
            await registry.MergeHouseholdsAsync(new MergeHouseholdsRequest
            {
                SurvivingHouseholdId = a.HouseholdId, SurvivingVersion = a.Version, MergedHouseholdId = b.HouseholdId, MergedVersion = b.Version,
                CandidateIds = { candidate.CandidateId }, Reason = "重复建档", MergedBy = "县扶贫办",
            });

            // Let the relay publish (it logs too) before looking.
            await Task.Delay(1500);
        }
        finally
        {
            await process.DisposeAsync();
        }

        var log = await File.ReadAllTextAsync(process.LogFile);
        Assert.Contains("Executed DbCommand", log); // the scan is meaningful: SQL commands were logged
        var files = Directory.GetFiles(dataDirectory);
        Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
        var database = string.Concat(files.Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
        Assert.True(database.Length > 0);
        foreach (var number in numbersOnly)
        {
            Assert.DoesNotContain(number, log, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(number, database, StringComparison.OrdinalIgnoreCase);
        }
        foreach (var person in people)
        {
            Assert.DoesNotContain(person.NationalId, log, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(person.NationalId, database, StringComparison.OrdinalIgnoreCase);
            if (person.Name.Length > 0)
            {
                Assert.DoesNotContain(person.Name, log);
                Assert.DoesNotContain(person.Name, database);
            }
        }

        // The two unmasked reads were audited: four members read by GetHousehold, one by ResolveNationalId.
        var file = files.Single(f => f.EndsWith(".db", StringComparison.Ordinal));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT Operation, COUNT(*) FROM PersonalDataReads GROUP BY Operation ORDER BY Operation";
        var audited = new List<(string, long)>();
        await using (var reader = await count.ExecuteReaderAsync())
            while (await reader.ReadAsync()) audited.Add((reader.GetString(0), reader.GetInt64(1)));
        Assert.Equal([("GetHousehold", 4L), ("ResolveNationalId", 1L)], audited);
    }
}
