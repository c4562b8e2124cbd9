using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Donors.V1;
using Coordination.TestSupport;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using NeedCategory = Coordination.Contracts.NeedCategory;

namespace Coordination.Donors.Tests;

/// <summary>Matching through the service: needs and aid arrive as the ledger's events (in-memory bus), allocations leave as AidGranted.</summary>
public class MatchingServiceTests : IAsyncLifetime
{
    private DonorsFactory _factory = null!;
    private DonorEnterprises.DonorEnterprisesClient _donors = null!;

    public async Task InitializeAsync()
    {
        _factory = await DonorsFactory.CreateAsync();
        _donors = _factory.Donors();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task An_open_need_is_allocated_delivered_once_as_AidGranted_and_traced_anonymised()
    {
        var enterprise = await Enterprises.ActiveAsync(_donors);
        var pledge = await _donors.CreatePledgeAsync(Enterprises.MoneyPledge(enterprise.EnterpriseId, amountFen: 300_000, capFen: 200_000));
        var need = await OpenNeedAsync(severity: 4);

        var run = await _donors.RunMatchingAsync(new RunMatchingRequest());

        var allocation = Assert.Single(run.Allocations);
        Assert.Equal(need.NeedId.ToString(), allocation.NeedId);
        Assert.Equal(200_000, allocation.Quantity);
        Assert.Equal(AllocationStatus.Allocated, allocation.Status);
        Assert.Contains("severity 4", allocation.Explanation);
        Assert.Contains("cap of 200000", allocation.Explanation);

        var delivered = await _donors.DeliverAllocationAsync(new DeliverAllocationRequest { AllocationId = allocation.AllocationId });
        await _donors.DeliverAllocationAsync(new DeliverAllocationRequest { AllocationId = allocation.AllocationId });
        Assert.Equal(AllocationStatus.Delivered, delivered.Status);

        var grants = await OutboxAsync<AidGranted>();
        var grant = Assert.Single(grants);
        Assert.Equal(Guid.Parse(allocation.AllocationId), grant.GrantId);
        Assert.Equal(need.HouseholdId, grant.HouseholdId);
        Assert.Equal(GrantorKind.Enterprise, grant.Grantor.Kind);
        Assert.Equal(enterprise.CreditCode, grant.Grantor.Code);
        Assert.Equal("donor.money", grant.BenefitTypeCode);
        Assert.Equal(200_000, grant.AmountFen);
        Assert.Equal(0, grant.InKindValueFen);
        // A one-off gift (stackable) is dated the day it is delivered.
        Assert.Equal((DateOnly.FromDateTime(DateTime.UtcNow), DateOnly.FromDateTime(DateTime.UtcNow)), (grant.PeriodStart, grant.PeriodEnd));

        var trace = await _donors.GetTraceAsync(new GetTraceRequest { EnterpriseId = enterprise.EnterpriseId });
        var item = Assert.Single(trace.Pledges);
        Assert.Equal(pledge.PledgeId, item.Pledge.PledgeId);
        Assert.Equal(200_000, item.Allocated);
        Assert.Equal(200_000, item.Delivered);
        Assert.Equal(100_000, item.Remaining);
        var traced = Assert.Single(item.Allocations);
        Assert.Equal("520402101201", traced.RegionCode);
        Assert.Equal(Coordination.Donors.V1.NeedCategory.Education, traced.Category);
        Assert.NotNull(traced.DeliveredAt);
        Assert.Empty(traced.NeedId);
        Assert.DoesNotContain(need.HouseholdId.ToString("N"), traced.HouseholdCode);
        Assert.DoesNotContain(need.HouseholdId.ToString(), traced.ToString());
        Assert.Equal(need.HouseholdId.ToString("N")[..4], traced.HouseholdCode[..4]);
        // The enterprise sees why its pledge went there, but not the need's severity nor the household's other aid.
        foreach (var seen in new[] { traced.Explanation, delivered.Explanation })
        {
            Assert.Contains("cap of 200000", seen);
            Assert.DoesNotContain("severity 4", seen);
            Assert.DoesNotContain("had received", seen);
        }
        // The acceptance rule of the mask: a trace names no person and no birth date, so every number of the area stays possible.
        var candidates = new NationalIdCandidates(DateOnly.FromDateTime(DateTime.UtcNow)).Area(traced.RegionCode);
        Assert.True(candidates.Count() >= 10_000, $"GetTrace: {candidates}");

        // A second run finds nothing more to give this household from this pledge.
        Assert.Empty((await _donors.RunMatchingAsync(new RunMatchingRequest())).Allocations);
    }

    [Fact]
    public async Task A_need_that_closes_before_delivery_gives_the_units_back_and_cannot_be_delivered()
    {
        var enterprise = await Enterprises.ActiveAsync(_donors);
        await _donors.CreatePledgeAsync(Enterprises.MoneyPledge(enterprise.EnterpriseId, amountFen: 300_000, capFen: 100_000));
        var need = await OpenNeedAsync(severity: 2);
        var allocation = Assert.Single((await _donors.RunMatchingAsync(new RunMatchingRequest())).Allocations);

        await PublishAsync(new NeedClosed(need.NeedId, need.HouseholdId, "covered by education aid", DateTime.UtcNow));
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.Needs.AnyAsync(n => n.Id == need.NeedId && n.ClosedAt != null)),
            TimeSpan.FromSeconds(10), "the need to close");

        var trace = await _donors.GetTraceAsync(new GetTraceRequest { EnterpriseId = enterprise.EnterpriseId });
        Assert.Equal(300_000, trace.Pledges[0].Remaining);
        Assert.Equal(AllocationStatus.Cancelled, trace.Pledges[0].Allocations[0].Status);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _donors.DeliverAllocationAsync(new DeliverAllocationRequest { AllocationId = allocation.AllocationId }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Empty(await OutboxAsync<AidGranted>());
    }

    [Fact]
    public async Task An_allocation_whose_need_closed_during_the_run_is_cancelled_at_delivery_and_not_granted()
    {
        var enterprise = await Enterprises.ActiveAsync(_donors);
        await _donors.CreatePledgeAsync(Enterprises.MoneyPledge(enterprise.EnterpriseId, amountFen: 300_000, capFen: 100_000));
        var need = await OpenNeedAsync(severity: 2);
        var allocation = Assert.Single((await _donors.RunMatchingAsync(new RunMatchingRequest())).Allocations);
        // The race: NeedClosed committed before the run's allocation, so it found nothing to cancel.
        await _factory.WithDbAsync(async db =>
        {
            (await db.Needs.SingleAsync(n => n.Id == need.NeedId)).ClosedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _donors.DeliverAllocationAsync(new DeliverAllocationRequest { AllocationId = allocation.AllocationId }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var trace = await _donors.GetTraceAsync(new GetTraceRequest { EnterpriseId = enterprise.EnterpriseId });
        Assert.Equal(300_000, trace.Pledges[0].Remaining);
        Assert.Equal(AllocationStatus.Cancelled, trace.Pledges[0].Allocations[0].Status);
        Assert.Empty(await OutboxAsync<AidGranted>());
    }

    [Fact]
    public async Task Aid_granted_by_departments_puts_a_household_behind_one_that_received_less()
    {
        var enterprise = await Enterprises.ActiveAsync(_donors);
        await _donors.CreatePledgeAsync(Enterprises.MoneyPledge(enterprise.EnterpriseId, amountFen: 100_000, capFen: 100_000));
        var helped = await OpenNeedAsync(severity: 3);
        var unhelped = await OpenNeedAsync(severity: 3);
        var grant = new AidGranted(Guid.NewGuid(), helped.HouseholdId, null, new Grantor(GrantorKind.Department, "education", "教育局"),
            "雨露计划", "education.vocational-training", 300_000, 0, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), DateTime.UtcNow);
        await PublishAsync(grant);
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.ReceivedGrants.AnyAsync(g => g.GrantId == grant.GrantId)),
            TimeSpan.FromSeconds(10), "the grant to be recorded");

        var allocation = Assert.Single((await _donors.RunMatchingAsync(new RunMatchingRequest())).Allocations);

        Assert.Equal(unhelped.NeedId.ToString(), allocation.NeedId);
        Assert.Contains("had received 0 fen", allocation.Explanation);
    }

    [Fact]
    public async Task Pledges_of_enterprises_reach_needs_only_in_their_categories_and_regions()
    {
        var enterprise = await Enterprises.ActiveAsync(_donors);
        await _donors.CreatePledgeAsync(Enterprises.MoneyPledge(enterprise.EnterpriseId));
        await OpenNeedAsync(severity: 5, region: "530102001001");
        await OpenNeedAsync(severity: 5, category: NeedCategory.Housing);

        var run = await _donors.RunMatchingAsync(new RunMatchingRequest());

        Assert.Empty(run.Allocations);
        Assert.Equal(2, run.OpenNeeds);
        Assert.Equal(1, run.PledgesConsidered);
    }

    [Fact]
    public async Task Matching_and_delivery_over_REST()
    {
        var enterprise = await Enterprises.ActiveAsync(_donors);
        await _donors.CreatePledgeAsync(Enterprises.MoneyPledge(enterprise.EnterpriseId));
        await OpenNeedAsync(severity: 1);
        var client = _factory.CreateClient();

        var run = await (await client.PostAsJsonAsync("/api/v1/donors/matching:run", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var allocationId = run.GetProperty("allocations")[0].GetProperty("allocationId").GetString();
        var delivered = await client.PostAsJsonAsync($"/api/v1/donors/allocations/{allocationId}:deliver", new { });
        var trace = await client.GetFromJsonAsync<JsonElement>($"/api/v1/donors/enterprises/{enterprise.EnterpriseId}/trace");

        Assert.True(delivered.IsSuccessStatusCode, await delivered.Content.ReadAsStringAsync());
        Assert.Equal("ALLOCATION_STATUS_DELIVERED", trace.GetProperty("pledges")[0].GetProperty("allocations")[0].GetProperty("status").GetString());
    }

    [Fact]
    [Trait("Acceptance", "2")]
    public async Task An_exclusive_benefit_a_department_already_granted_is_not_allocated_and_a_stackable_pledge_still_is()
    {
        var enterprise = await Enterprises.ActiveAsync(_donors);
        var tuition = Enterprises.MoneyPledge(enterprise.EnterpriseId, amountFen: 600_000, capFen: 300_000);
        tuition.BenefitTypeCode = "education.tuition-waiver";
        tuition.Title = "学费资助";
        var tuitionPledge = await _donors.CreatePledgeAsync(tuition);
        Assert.Equal("education.tuition-waiver", tuitionPledge.BenefitTypeCode);
        var money = await _donors.CreatePledgeAsync(Enterprises.MoneyPledge(enterprise.EnterpriseId, amountFen: 100_000, capFen: 100_000));
        Assert.Equal("donor.money", money.BenefitTypeCode);
        var student = Guid.NewGuid();
        var need = await OpenNeedAsync(severity: 5, person: student);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var waiver = new AidGranted(Guid.NewGuid(), need.HouseholdId, student, new Grantor(GrantorKind.Department, "education", "教育局"),
            "义务教育", "education.tuition-waiver", 0, 250_000, today.AddDays(-10), today.AddDays(100), DateTime.UtcNow);
        await PublishAsync(waiver);
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.ReceivedGrants.AnyAsync(g => g.GrantId == waiver.GrantId)),
            TimeSpan.FromSeconds(10), "the waiver to be recorded");

        var run = await _donors.RunMatchingAsync(new RunMatchingRequest());

        // The tuition pledge would duplicate the education bureau's waiver: refused, with the reason.
        var refusal = Assert.Single(run.Refusals);
        Assert.Equal(tuitionPledge.PledgeId, refusal.PledgeId);
        Assert.Equal(need.NeedId.ToString(), refusal.NeedId);
        Assert.Equal("education.tuition-waiver", refusal.BenefitTypeCode);
        Assert.Contains("exclusive", refusal.Explanation);
        Assert.Contains("grantor education", refusal.Explanation);
        Assert.DoesNotContain(need.HouseholdId.ToString(), refusal.ToString());
        // The money pledge is stackable: the same need gets it.
        var allocation = Assert.Single(run.Allocations);
        Assert.Equal(money.PledgeId, allocation.PledgeId);
        Assert.Contains("donor.money is stackable", allocation.Explanation);
        var trace = await _donors.GetTraceAsync(new GetTraceRequest { EnterpriseId = enterprise.EnterpriseId });
        Assert.Equal(600_000, trace.Pledges.Single(p => p.Pledge.PledgeId == tuitionPledge.PledgeId).Remaining);

        // Once the bureau revokes its waiver, the enterprise's may be given.
        await PublishAsync(new AidRevoked(waiver.GrantId, need.HouseholdId, waiver.Grantor, "granted in error", DateTime.UtcNow));
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.ReceivedGrants.AnyAsync(g => g.GrantId == waiver.GrantId && g.RevokedAt != null)),
            TimeSpan.FromSeconds(10), "the revocation to be recorded");
        var again = await _donors.RunMatchingAsync(new RunMatchingRequest());
        Assert.Empty(again.Refusals);
        var waived = Assert.Single(again.Allocations);
        Assert.Equal(tuitionPledge.PledgeId, waived.PledgeId);
        Assert.Contains("education.tuition-waiver is exclusive and the person has none", waived.Explanation);

        // Delivered, it is granted under the pledge's benefit and, being exclusive, for its validity: the period the rule was judged on.
        await _donors.DeliverAllocationAsync(new DeliverAllocationRequest { AllocationId = waived.AllocationId });
        var grant = Assert.Single(await OutboxAsync<AidGranted>());
        Assert.Equal("education.tuition-waiver", grant.BenefitTypeCode);
        Assert.Equal(student, grant.PersonId);
        Assert.Equal(tuition.ValidFrom, grant.PeriodStart.ToString("yyyy-MM-dd"));
        Assert.Equal(tuition.ValidUntil, grant.PeriodEnd.ToString("yyyy-MM-dd"));
    }

    [Fact]
    public async Task A_need_opened_twice_is_kept_once_a_newer_assessment_updates_it_and_a_closed_need_stays_closed()
    {
        var need = await OpenNeedAsync(severity: 2);
        await PublishAsync(need);
        await PublishAsync(need with { Severity = 1, OpenedAt = need.OpenedAt.AddMinutes(-5) }); // older: ignored
        var newer = need with { Severity = 4, Reason = "re-assessed", OpenedAt = need.OpenedAt.AddMinutes(5) };
        await PublishAsync(newer);
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.Needs.AnyAsync(n => n.Id == need.NeedId && n.Severity == 4)),
            TimeSpan.FromSeconds(10), "the newer assessment");
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Needs.CountAsync(n => n.Id == need.NeedId)));

        await PublishAsync(new NeedClosed(need.NeedId, need.HouseholdId, "covered", DateTime.UtcNow));
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.Needs.AnyAsync(n => n.Id == need.NeedId && n.ClosedAt != null)),
            TimeSpan.FromSeconds(10), "the need to close");
        await PublishAndWaitAsync(newer with { OpenedAt = DateTime.UtcNow.AddMinutes(10) });

        Assert.True(await _factory.WithDbAsync(db => db.Needs.AnyAsync(n => n.Id == need.NeedId && n.ClosedAt != null)));
        Assert.Equal(0, (await _donors.RunMatchingAsync(new RunMatchingRequest())).OpenNeeds);
    }

    [Fact]
    public async Task A_need_that_closes_after_delivery_leaves_the_delivered_help_and_the_pledge_as_they_are()
    {
        var enterprise = await Enterprises.ActiveAsync(_donors);
        await _donors.CreatePledgeAsync(Enterprises.MoneyPledge(enterprise.EnterpriseId, amountFen: 300_000, capFen: 100_000));
        var need = await OpenNeedAsync(severity: 3);
        var allocation = Assert.Single((await _donors.RunMatchingAsync(new RunMatchingRequest())).Allocations);
        await _donors.DeliverAllocationAsync(new DeliverAllocationRequest { AllocationId = allocation.AllocationId });

        // The ledger closes the need, e.g. because this very grant covered it.
        await PublishAsync(new NeedClosed(need.NeedId, need.HouseholdId, "covered by enterprise aid", DateTime.UtcNow));
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.Needs.AnyAsync(n => n.Id == need.NeedId && n.ClosedAt != null)),
            TimeSpan.FromSeconds(10), "the need to close");

        var item = (await _donors.GetTraceAsync(new GetTraceRequest { EnterpriseId = enterprise.EnterpriseId })).Pledges[0];
        Assert.Equal(AllocationStatus.Delivered, item.Allocations[0].Status);
        Assert.Equal(200_000, item.Remaining);
        Assert.Equal(100_000, item.Delivered);
        Assert.Empty((await _donors.RunMatchingAsync(new RunMatchingRequest())).Allocations);
    }

    [Fact]
    public async Task The_next_run_cancels_an_allocation_whose_need_closed_during_the_previous_run_and_reuses_its_units()
    {
        var enterprise = await Enterprises.ActiveAsync(_donors);
        await _donors.CreatePledgeAsync(Enterprises.MoneyPledge(enterprise.EnterpriseId, amountFen: 100_000, capFen: 100_000));
        var first = await OpenNeedAsync(severity: 5);
        var allocation = Assert.Single((await _donors.RunMatchingAsync(new RunMatchingRequest())).Allocations);
        Assert.Equal(first.NeedId.ToString(), allocation.NeedId);
        // The race: NeedClosed committed before the run's allocation, so it found nothing to cancel.
        await _factory.WithDbAsync(async db =>
        {
            (await db.Needs.SingleAsync(n => n.Id == first.NeedId)).ClosedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        });
        var second = await OpenNeedAsync(severity: 1);

        var run = await _donors.RunMatchingAsync(new RunMatchingRequest());

        Assert.Equal(second.NeedId.ToString(), Assert.Single(run.Allocations).NeedId);
        var item = (await _donors.GetTraceAsync(new GetTraceRequest { EnterpriseId = enterprise.EnterpriseId })).Pledges[0];
        Assert.Equal(AllocationStatus.Cancelled, item.Allocations.Single(a => a.AllocationId == allocation.AllocationId).Status);
        Assert.Equal(0, item.Remaining);
    }

    private async Task<NeedOpened> OpenNeedAsync(int severity, string region = "520402101201", NeedCategory category = NeedCategory.Education, Guid? person = null)
    {
        var need = new NeedOpened(Guid.NewGuid(), Guid.NewGuid(), person, region, category, severity, "school-age child without education aid", DateTime.UtcNow);
        await PublishAsync(need);
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.Needs.AnyAsync(n => n.Id == need.NeedId)),
            TimeSpan.FromSeconds(10), "the need to be recorded");
        return need;
    }

    /// <summary>Publishes and waits until the consumer has taken the message (its inbox row), whatever it did with it.</summary>
    private async Task PublishAndWaitAsync<T>(T message) where T : class
    {
        var id = NewId.NextGuid();
        await _factory.Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = id);
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == id)),
            TimeSpan.FromSeconds(10), $"{typeof(T).Name} to be consumed");
    }

    private async Task PublishAsync<T>(T message) where T : class =>
        await _factory.Services.GetRequiredService<IBus>().Publish(message);

    private async Task<List<T>> OutboxAsync<T>() where T : class =>
        await _factory.WithDbAsync(async db => (await db.OutboxMessages.AsNoTracking().Where(m => m.MessageType == typeof(T).FullName).ToListAsync())
            .Select(m => JsonSerializer.Deserialize<T>(m.Payload, OutboxJson)!).ToList());

    // The outbox writes enums by name (see OutboxMessage).
    private static readonly JsonSerializerOptions OutboxJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}

public class MatchingProviderTests
{
    [Fact]
    public Task Matching_round_trips_on_SQLite() => RoundTrip(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Matching_round_trips_on_PostgreSQL() => RoundTrip(DatabaseProvider.PostgreSql);

    private static async Task RoundTrip(DatabaseProvider provider)
    {
        await using var factory = await DonorsFactory.CreateAsync(provider);
        var donors = factory.Donors();
        var enterprise = await Enterprises.ActiveAsync(donors);
        var pairing = new SetPairedVillagesRequest { EnterpriseId = enterprise.EnterpriseId };
        pairing.VillageCodes.Add("520402101201");
        await donors.SetPairedVillagesAsync(pairing);
        var request = Enterprises.MoneyPledge(enterprise.EnterpriseId, amountFen: 500_000, capFen: 100_000);
        request.Categories.Add(Coordination.Donors.V1.NeedCategory.Living);
        var pledge = await donors.CreatePledgeAsync(request);
        var need = new NeedOpened(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "520402101201", NeedCategory.Living, 3, "test", DateTime.UtcNow);
        await factory.Services.GetRequiredService<IBus>().Publish(need);
        await Eventually.TrueAsync(() => factory.WithDbAsync(db => db.Needs.AnyAsync(n => n.Id == need.NeedId)), TimeSpan.FromSeconds(10), "the need");

        var allocation = Assert.Single((await donors.RunMatchingAsync(new RunMatchingRequest())).Allocations);
        var trace = await donors.GetTraceAsync(new GetTraceRequest { EnterpriseId = enterprise.EnterpriseId });
        var read = await donors.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = enterprise.EnterpriseId });

        Assert.Contains("paired village", allocation.Explanation);
        Assert.Equal(pledge.Categories, trace.Pledges[0].Pledge.Categories);
        Assert.Equal(pledge.TargetRegionCodes, trace.Pledges[0].Pledge.TargetRegionCodes);
        Assert.Equal(pledge.CreatedAt, trace.Pledges[0].Pledge.CreatedAt);
        Assert.Equal(400_000, trace.Pledges[0].Remaining);
        Assert.Equal(["520402101201"], read.PairedVillageCodes);
    }
}
