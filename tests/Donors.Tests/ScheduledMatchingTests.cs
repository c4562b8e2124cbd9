using Coordination.Contracts.Events;
using Coordination.Donors.Domain;
using Coordination.Donors.Matching;
using Coordination.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;
using NeedCategory = Coordination.Contracts.NeedCategory;

namespace Coordination.Donors.Tests;

/// <summary>Matching on a timer (Matching:RunEvery): the same run as RunMatching, without a coordinator asking.</summary>
public class ScheduledMatchingTests
{
    [Fact]
    public async Task With_a_schedule_a_new_pledge_reaches_the_most_severe_of_the_open_needs_without_a_request()
    {
        await using var factory = await DonorsFactory.CreateAsync(settings: new Dictionary<string, string?> { [MatchingSchedule.IntervalKey] = "00:00:00.3" });
        var donors = factory.Donors();
        var enterprise = await Enterprises.ActiveAsync(donors);
        var mild = new NeedOpened(Guid.NewGuid(), Guid.NewGuid(), null, "520402101201", NeedCategory.Education, 1, "", DateTime.UtcNow);
        var severe = new NeedOpened(Guid.NewGuid(), Guid.NewGuid(), null, "520402101202", NeedCategory.Education, 5, "", DateTime.UtcNow);
        var bus = factory.Services.GetRequiredService<IBus>();
        await bus.Publish(mild);
        await bus.Publish(severe);
        await Eventually.TrueAsync(() => factory.WithDbAsync(async db => await db.Needs.AnyAsync(n => n.Id == severe.NeedId) && await db.Needs.AnyAsync(n => n.Id == mild.NeedId)), TimeSpan.FromSeconds(10), "both needs");

        // Enough for one household only.
        await donors.CreatePledgeAsync(Enterprises.MoneyPledge(enterprise.EnterpriseId, amountFen: 100_000, capFen: 100_000));

        var allocation = await Eventually.GetAsync(() => factory.WithDbAsync(db => db.Allocations.AsNoTracking().SingleOrDefaultAsync()),
            TimeSpan.FromSeconds(10), "the scheduled run to allocate");
        Assert.Equal(severe.NeedId, allocation.NeedId);
        Assert.Equal(AllocationStatus.Allocated, allocation.Status);
        Assert.Contains("severity 5", allocation.Explanation);
    }

    [Fact]
    public async Task Without_a_schedule_matching_runs_only_on_request()
    {
        await using var factory = await DonorsFactory.CreateAsync();

        Assert.Empty(factory.Services.GetServices<IHostedService>().OfType<MatchingSchedule>());
    }
}
