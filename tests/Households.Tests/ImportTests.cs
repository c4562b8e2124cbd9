using System.Diagnostics;
using Coordination.Contracts.Events;
using Coordination.Households.Synthetic;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Xunit.Abstractions;

namespace Coordination.Households.Tests;

public class ImportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_thousand_rows_with_one_percent_invalid_store_9900_and_answer_100_with_reasons()
    {
        await using var factory = await HouseholdsFactory.CreateAsync();
        var generator = new HouseholdGenerator(seed: 3);
        var spoiled = new Dictionary<int, string>();
        var rows = new List<RegisterHouseholdRequest>();
        for (var row = 1; row <= 10_000; row++)
        {
            var request = generator.Next();
            if (row % 100 == 37) spoiled[row] = generator.Spoil(request);
            rows.Add(request);
        }

        var watch = Stopwatch.StartNew();
        var progress = await Imports.RunAsync(factory.Registry(), rows);
        output.WriteLine($"10,000 rows in {watch.Elapsed.TotalSeconds:0.0} s ({10_000 / watch.Elapsed.TotalSeconds:0} rows/s)");

        var last = progress[^1];
        Assert.True(last.Completed);
        Assert.Equal((10_000, 9_900, 100), (last.Received, last.Stored, last.Rejected));
        var rejected = progress.SelectMany(p => p.RejectedRows).ToList();
        Assert.Equal(spoiled.Keys.Order(), rejected.Select(r => r.Row).Order());
        Assert.All(rejected, r =>
        {
            Assert.Equal("INVALID_ARGUMENT", r.Code);
            Assert.Contains(r.Violations, v => v.Field == spoiled[r.Row]);
        });
        Assert.Equal(9_900, await factory.WithDbAsync(db => db.Households.CountAsync()));
        Assert.Equal(9_900, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.MessageType == typeof(HouseholdRegistered).FullName)));
    }

    [Fact]
    public async Task Progress_comes_after_every_batch_with_counts_so_far_and_the_rows_rejected_since_the_last()
    {
        await using var factory = await HouseholdsFactory.CreateAsync();
        var generator = new HouseholdGenerator(seed: 4);
        var rows = Enumerable.Range(1, 2_500).Select(row =>
        {
            var request = generator.Next();
            if (row is 10 or 1_500) generator.Spoil(request);
            return request;
        }).ToList();

        var progress = await Imports.RunAsync(factory.Registry(), rows);

        // Batches of 1,000: two progress messages while the stream is open, the last when it closed.
        Assert.Equal([1_000, 2_000, 2_500], progress.Select(p => p.Received));
        Assert.Equal([false, false, true], progress.Select(p => p.Completed));
        Assert.Equal([999, 1_998, 2_498], progress.Select(p => p.Stored));
        Assert.Equal([1, 2, 2], progress.Select(p => p.Rejected));
        Assert.Equal([[10], [1_500], []], progress.Select(p => p.RejectedRows.Select(r => r.Row).ToArray()));

        // Rows written in bulk read back as any registered household does.
        await ReadsBackAsync(factory, rows[0]);
        Assert.Equal(2_498, await factory.WithDbAsync(db => db.Members.Select(m => m.HouseholdId).Distinct().CountAsync()));
        Assert.Equal(2_498, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.MessageType == typeof(HouseholdRegistered).FullName)));
    }

    [PostgresFact]
    public async Task The_bulk_writes_are_the_rows_SaveChanges_would_write_on_PostgreSQL()
    {
        await using var factory = await HouseholdsFactory.CreateAsync(BuildingBlocks.Persistence.DatabaseProvider.PostgreSql);
        var generator = new HouseholdGenerator(seed: 5);
        var rows = Enumerable.Range(0, 50).Select(_ => generator.Next()).ToList();

        var last = (await Imports.RunAsync(factory.Registry(), rows))[^1];

        Assert.Equal(50, last.Stored);
        await ReadsBackAsync(factory, rows[0]);
        Assert.Equal(50, (await factory.Registry().ListHouseholdsAsync(new ListHouseholdsRequest { PageSize = 100 })).Households.Count);
    }

    private static async Task ReadsBackAsync(HouseholdsFactory factory, RegisterHouseholdRequest sent)
    {
        var resolved = await factory.Registry().ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = sent.Members[0].NationalId });
        var read = await factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = resolved.HouseholdId });
        Assert.Equal((sent.RegionCode, sent.Address, sent.IncomePerCapitaFen, sent.AssignedHelper, sent.Housing, sent.ArableLandTenthMu),
            (read.RegionCode, read.Address, read.IncomePerCapitaFen, read.AssignedHelper, read.Housing, read.ArableLandTenthMu));
        Assert.Equal(sent.PovertyCauses, read.PovertyCauses);
        Assert.Equal(HouseholdStatus.Registered, read.Status);
        Assert.Equal(1, read.Version);
        // A masked read shows the birth year only.
        Assert.Equal(sent.Members.Select(m => (BuildingBlocks.PersonalData.PersonalDataMask.BirthDate(DateOnly.Parse(m.BirthDate), DateOnly.FromDateTime(DateTime.UtcNow)), m.Sex, m.Relation, m.SchoolingStage)).Order(),
            read.Members.Select(m => (m.BirthDate, m.Sex, m.Relation, m.SchoolingStage)).Order());
        var history = await factory.Registry().GetHouseholdHistoryAsync(new GetHouseholdHistoryRequest { HouseholdId = read.HouseholdId });
        Assert.Empty(history.Entries);
    }

    [Fact]
    public async Task A_person_already_registered_or_twice_in_the_import_is_answered_AlreadyExists()
    {
        await using var factory = await HouseholdsFactory.CreateAsync();
        var existing = People.Family();
        await factory.Registry().RegisterHouseholdAsync(existing);
        var first = People.Family();
        var again = People.Family();
        again.Members[2] = first.Members[2].Clone();
        var taken = People.Family();
        taken.Members[1] = existing.Members[1].Clone();

        var response = (await Imports.RunAsync(factory.Registry(), [first, again, taken]))[^1];

        Assert.Equal((3, 1, 2), (response.Received, response.Stored, response.Rejected));
        Assert.Equal([2, 3], response.RejectedRows.Select(r => r.Row));
        Assert.All(response.RejectedRows, r => Assert.Equal("ALREADY_EXISTS", r.Code));
        Assert.Contains("members[2].national_id", response.RejectedRows[0].Message);
        Assert.Contains("members[1].national_id", response.RejectedRows[1].Message);
        Assert.Equal(2, await factory.WithDbAsync(db => db.Households.CountAsync()));
    }
}

public class HouseholdGeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_households_and_every_one_is_valid_with_unique_ID_numbers()
    {
        var a = new HouseholdGenerator(seed: 42);
        var b = new HouseholdGenerator(seed: 42);
        var households = Enumerable.Range(0, 5_000).Select(_ => a.Next()).ToList();
        Assert.Equal(households, Enumerable.Range(0, 5_000).Select(_ => b.Next()));
        Assert.NotEqual(households[0], new HouseholdGenerator(seed: 43).Next());

        var people = households.SelectMany(h => h.Members).ToList();
        Assert.Equal(people.Count, people.Select(p => p.NationalId).Distinct().Count());
        var today = new DateOnly(2025, 1, 1);
        Assert.All(households, h =>
        {
            Assert.True(BuildingBlocks.Domain.RegionCode.IsValidVillage(h.RegionCode, out _), h.RegionCode);
            Assert.Single(h.Members, m => m.Relation == Relation.Head);
            Assert.InRange(h.PovertyCauses.Count, 1, 3);
            Assert.Equal(h.PovertyCauses.Count, h.PovertyCauses.Distinct().Count());
            Assert.InRange(h.IncomePerCapitaFen, 150_000, 550_000);
        });
        Assert.All(people, p =>
        {
            Assert.True(BuildingBlocks.Domain.NationalId.TryParse(p.NationalId, today, out var id, out var error), error);
            Assert.Equal(p.BirthDate, id.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal((int)p.Sex, (int)id.Sex);
        });
        // Realistic shapes: most households have a spouse, many have children, sizes from 1 to 7.
        Assert.InRange(households.Count(h => h.Members.Any(m => m.Relation == Relation.Spouse)) / 5_000.0, 0.6, 0.9);
        Assert.InRange(households.Average(h => h.Members.Count), 2.5, 4.5);
    }
}
