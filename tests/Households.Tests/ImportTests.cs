using System.Diagnostics;
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
        var invalidRows = new HashSet<int>();
        var watch = Stopwatch.StartNew();
        using var call = factory.Registry().ImportHouseholds();
        for (var row = 1; row <= 10_000; row++)
        {
            var request = Synthetic.Family(row % 2 == 0 ? "520402101201" : "520221100203");
            if (row % 100 == 37)
            {
                invalidRows.Add(row);
                if (row % 200 == 37) request.IncomePerCapitaFen = -1;
                else request.Members[0].NationalId = request.Members[0].NationalId[..17] + (request.Members[0].NationalId[17] == '1' ? '2' : '1');
            }
            await call.RequestStream.WriteAsync(request);
        }
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        output.WriteLine($"10,000 rows in {watch.Elapsed.TotalSeconds:0.0} s ({10_000 / watch.Elapsed.TotalSeconds:0} rows/s)");

        Assert.Equal((10_000, 9_900, 100), (response.Received, response.Stored, response.Rejected));
        Assert.Equal(invalidRows.Order(), response.RejectedRows.Select(r => r.Row).Order());
        Assert.All(response.RejectedRows, r =>
        {
            Assert.Equal("INVALID_ARGUMENT", r.Code);
            Assert.Contains(r.Violations, v => v.Field is "income_per_capita_fen" or "members[0].national_id");
        });
        Assert.Equal(9_900, await factory.WithDbAsync(db => db.Households.CountAsync()));
        Assert.Equal(9_900, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync()));
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

        using var call = factory.Registry().ImportHouseholds();
        foreach (var request in new[] { first, again, taken }) await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        Assert.Equal((3, 1, 2), (response.Received, response.Stored, response.Rejected));
        Assert.Equal([2, 3], response.RejectedRows.Select(r => r.Row));
        Assert.All(response.RejectedRows, r => Assert.Equal("ALREADY_EXISTS", r.Code));
        Assert.Contains("members[2].national_id", response.RejectedRows[0].Message);
        Assert.Contains("members[1].national_id", response.RejectedRows[1].Message);
        Assert.Equal(2, await factory.WithDbAsync(db => db.Households.CountAsync()));
    }
}
