using Coordination.BuildingBlocks.Security;
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

/// <summary>
/// Enterprise isolation in the service itself (no gateway in front): a token naming enterprise A
/// reaches A's registration, pledges, allocations and trace, and none of B's.
/// </summary>
public class OwnershipTests : IAsyncLifetime
{
    private DonorsFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await DonorsFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task An_enterprise_token_reaches_its_own_enterprise_and_nothing_of_another()
    {
        var coordinator = _factory.Donors();
        var a = await Enterprises.ActiveAsync(coordinator);
        var b = await Enterprises.ActiveAsync(coordinator);
        var asA = new DonorEnterprises.DonorEnterprisesClient(_factory.Channel(TestCaller.Enterprise(Guid.Parse(a.EnterpriseId))));
        var asB = new DonorEnterprises.DonorEnterprisesClient(_factory.Channel(TestCaller.Enterprise(Guid.Parse(b.EnterpriseId))));

        var pledge = await asA.CreatePledgeAsync(Enterprises.MoneyPledge(a.EnterpriseId, amountFen: 300_000, capFen: 200_000));
        var need = new NeedOpened(Guid.NewGuid(), Guid.NewGuid(), null, "520402101201", NeedCategory.Education, 4, "school-age child without education aid", DateTime.UtcNow);
        await _factory.Services.GetRequiredService<IBus>().Publish(need);
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.Needs.AnyAsync(n => n.Id == need.NeedId)), TimeSpan.FromSeconds(10), "the need");
        var allocation = Assert.Single((await coordinator.RunMatchingAsync(new RunMatchingRequest())).Allocations);

        var denied = new (string What, Func<Task> Call)[]
        {
            ("read A", () => asB.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = a.EnterpriseId }).ResponseAsync),
            ("activate A", () => asB.ActivateEnterpriseAsync(new ActivateEnterpriseRequest { EnterpriseId = a.EnterpriseId }).ResponseAsync),
            ("pair A's villages", () => asB.SetPairedVillagesAsync(new SetPairedVillagesRequest { EnterpriseId = a.EnterpriseId, VillageCodes = { "520402101201" } }).ResponseAsync),
            ("pledge as A", () => asB.CreatePledgeAsync(Enterprises.MoneyPledge(a.EnterpriseId)).ResponseAsync),
            ("deliver A's allocation", () => asB.DeliverAllocationAsync(new DeliverAllocationRequest { AllocationId = allocation.AllocationId }).ResponseAsync),
            ("read A's trace", () => asB.GetTraceAsync(new GetTraceRequest { EnterpriseId = a.EnterpriseId }).ResponseAsync),
        };
        foreach (var (what, call) in denied)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(StatusCode.PermissionDenied == error.StatusCode, $"B could {what}: {error.Status}");
        }
        Assert.Equal(AllocationStatus.Allocated, (await asA.GetTraceAsync(new GetTraceRequest { EnterpriseId = a.EnterpriseId })).Pledges.Single().Allocations.Single().Status);

        // A reaches its own.
        Assert.Equal(a.EnterpriseId, (await asA.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = a.EnterpriseId })).EnterpriseId);
        Assert.Equal(AllocationStatus.Delivered, (await asA.DeliverAllocationAsync(new DeliverAllocationRequest { AllocationId = allocation.AllocationId })).Status);
        var trace = await asA.GetTraceAsync(new GetTraceRequest { EnterpriseId = a.EnterpriseId });
        Assert.Equal(pledge.PledgeId, trace.Pledges.Single().Pledge.PledgeId);
    }

    [Fact]
    public async Task An_enterprise_token_without_an_enterprise_id_reaches_no_enterprise()
    {
        var a = await Enterprises.ActiveAsync(_factory.Donors());
        var nameless = new DonorEnterprises.DonorEnterprisesClient(_factory.Channel(new TestCaller("no-enterprise", [Roles.Enterprise])));
        var error = await Assert.ThrowsAsync<RpcException>(() => nameless.GetTraceAsync(new GetTraceRequest { EnterpriseId = a.EnterpriseId }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
