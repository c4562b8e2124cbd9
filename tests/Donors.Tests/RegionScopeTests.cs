using Coordination.BuildingBlocks.Security;
using Coordination.Contracts.Events;
using Coordination.Donors.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;
using NeedCategory = Coordination.Contracts.NeedCategory;

namespace Coordination.Donors.Tests;

/// <summary>
/// A county coordinator (region scope 520402) matches, delivers and traces its county's needs only,
/// and reaches an enterprise registered in its county or helping it; the neighbouring county
/// 520403's needs and allocations are absent or PermissionDenied. Enterprises stay bounded by
/// ownership alone: their tokens carry no region.
/// </summary>
public class RegionScopeTests : IAsyncLifetime
{
    private static readonly TestCaller County = TestCaller.WithRoles(Roles.Coordinator).InRegions("520402");
    private static readonly TestCaller Nowhere = TestCaller.WithRoles(Roles.Coordinator).InRegions();

    private DonorsFactory _factory = null!;
    private DonorEnterprises.DonorEnterprisesClient _broad = null!;
    private Enterprise _local = null!;
    private Guid _ownNeed;
    private Guid _otherNeed;

    public async Task InitializeAsync()
    {
        _factory = await DonorsFactory.CreateAsync();
        _broad = _factory.Donors();
        // A local enterprise pledges to the whole city (both counties); one need in each county.
        _local = await Enterprises.ActiveAsync(_broad);
        var pledge = Enterprises.MoneyPledge(_local.EnterpriseId, amountFen: 1_000_000, capFen: 200_000);
        pledge.TargetRegionCodes.Clear();
        pledge.TargetRegionCodes.Add("5204");
        await _broad.CreatePledgeAsync(pledge);
        _ownNeed = await OpenNeedAsync("520402101201");
        _otherNeed = await OpenNeedAsync("520403101201");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private DonorEnterprises.DonorEnterprisesClient As(TestCaller caller) => new(_factory.Channel(caller));

    [Fact]
    public async Task A_county_coordinator_s_matching_run_delivery_and_trace_concern_its_county_s_needs_only()
    {
        var county = As(County);

        var run = await county.RunMatchingAsync(new RunMatchingRequest());
        Assert.Equal([_ownNeed.ToString()], run.Allocations.Select(a => a.NeedId));
        Assert.Equal(1, run.OpenNeeds);
        // The other county's need is matched by a run of someone who serves it.
        var otherAllocation = Assert.Single((await _broad.RunMatchingAsync(new RunMatchingRequest())).Allocations);
        Assert.Equal(_otherNeed.ToString(), otherAllocation.NeedId);

        await AssertDenied(() => county.DeliverAllocationAsync(new DeliverAllocationRequest { AllocationId = otherAllocation.AllocationId }).ResponseAsync);
        Assert.False(await _factory.WithDbAsync(db => db.Allocations.AnyAsync(a => a.Id == Guid.Parse(otherAllocation.AllocationId) && a.DeliveredAt != null)));
        Assert.Equal(AllocationStatus.Delivered,
            (await county.DeliverAllocationAsync(new DeliverAllocationRequest { AllocationId = run.Allocations[0].AllocationId })).Status);

        var countyTrace = Assert.Single((await county.GetTraceAsync(new GetTraceRequest { EnterpriseId = _local.EnterpriseId })).Pledges);
        Assert.Equal(["520402101201"], countyTrace.Allocations.Select(a => a.RegionCode));
        Assert.Equal(200_000, countyTrace.Allocated);
        // The enterprise itself (no region, bounded by ownership) still sees where all of its help went.
        var ownTrace = Assert.Single((await As(TestCaller.Enterprise(Guid.Parse(_local.EnterpriseId))).GetTraceAsync(
            new GetTraceRequest { EnterpriseId = _local.EnterpriseId })).Pledges);
        Assert.Equal(["520402101201", "520403101201"], ownTrace.Allocations.Select(a => a.RegionCode).Order());
    }

    [Fact]
    public async Task A_county_coordinator_reaches_enterprises_of_or_helping_its_county_and_decides_on_its_county_s_registrations()
    {
        var county = As(County);
        var distant = await _broad.RegisterEnterpriseAsync(Registered("330106"));
        var helping = await _broad.RegisterEnterpriseAsync(Registered("330106"));
        await _broad.ApproveEnterpriseAsync(new ApproveEnterpriseRequest { EnterpriseId = helping.EnterpriseId, ApprovedBy = "浙江 王主任" });
        await _broad.ActivateEnterpriseAsync(new ActivateEnterpriseRequest { EnterpriseId = helping.EnterpriseId });
        var pledge = Enterprises.MoneyPledge(helping.EnterpriseId);
        pledge.TargetRegionCodes.Clear();
        pledge.TargetRegionCodes.Add("52");
        await _broad.CreatePledgeAsync(pledge);
        var pendingHere = await _broad.RegisterEnterpriseAsync(Enterprises.Registration());

        Assert.Equal(_local.EnterpriseId, (await county.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = _local.EnterpriseId })).EnterpriseId);
        // Registered elsewhere but pledging to the province, so to this county too.
        Assert.Equal(helping.EnterpriseId, (await county.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = helping.EnterpriseId })).EnterpriseId);
        await AssertDenied(() => county.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = distant.EnterpriseId }).ResponseAsync);
        await AssertDenied(() => county.GetTraceAsync(new GetTraceRequest { EnterpriseId = distant.EnterpriseId }).ResponseAsync);

        await AssertDenied(() => county.ApproveEnterpriseAsync(new ApproveEnterpriseRequest { EnterpriseId = distant.EnterpriseId, ApprovedBy = "李主任" }).ResponseAsync);
        await AssertDenied(() => county.RejectEnterpriseAsync(new RejectEnterpriseRequest { EnterpriseId = distant.EnterpriseId, RejectedBy = "李主任", Reason = "不明" }).ResponseAsync);
        Assert.Equal(EnterpriseStatus.Pending, (await _broad.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = distant.EnterpriseId })).Status);
        Assert.Equal(EnterpriseStatus.Approved,
            (await county.ApproveEnterpriseAsync(new ApproveEnterpriseRequest { EnterpriseId = pendingHere.EnterpriseId, ApprovedBy = "李主任" })).Status);
    }

    [Fact]
    public async Task A_county_coordinator_changes_only_its_county_s_pairings_and_pledge_targets()
    {
        var county = As(County);
        await _broad.SetPairedVillagesAsync(new SetPairedVillagesRequest { EnterpriseId = _local.EnterpriseId, VillageCodes = { "520403101201" } });

        // Adding its own village, keeping the other county's: allowed.
        var paired = await county.SetPairedVillagesAsync(new SetPairedVillagesRequest { EnterpriseId = _local.EnterpriseId, VillageCodes = { "520403101201", "520402101201" } });
        Assert.Equal(["520402101201", "520403101201"], paired.PairedVillageCodes.Order());
        // Dropping or adding a village of the other county: denied, and the pairings stay.
        await AssertDenied(() => county.SetPairedVillagesAsync(new SetPairedVillagesRequest { EnterpriseId = _local.EnterpriseId, VillageCodes = { "520402101201" } }).ResponseAsync);
        await AssertDenied(() => county.SetPairedVillagesAsync(new SetPairedVillagesRequest
        {
            EnterpriseId = _local.EnterpriseId, VillageCodes = { "520403101201", "520402101201", "520403101202" },
        }).ResponseAsync);
        Assert.Equal(["520402101201", "520403101201"],
            (await _broad.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = _local.EnterpriseId })).PairedVillageCodes.Order());

        // A caller that may pledge for an enterprise as a coordinator pledges to its own regions only.
        var coordinatorPledging = As(TestCaller.Broad.InRegions("520402"));
        var elsewhere = Enterprises.MoneyPledge(_local.EnterpriseId);
        elsewhere.TargetRegionCodes.Add("520403");
        await AssertDenied(() => coordinatorPledging.CreatePledgeAsync(elsewhere).ResponseAsync);
        await coordinatorPledging.CreatePledgeAsync(Enterprises.MoneyPledge(_local.EnterpriseId));
    }

    [Fact]
    public async Task A_coordinator_serving_no_region_matches_and_reaches_nothing_while_an_enterprise_keeps_its_own()
    {
        var nowhere = As(Nowhere);

        var run = await nowhere.RunMatchingAsync(new RunMatchingRequest());
        Assert.Empty(run.Allocations);
        Assert.Equal(0, run.OpenNeeds);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Allocations.CountAsync()));
        await AssertDenied(() => nowhere.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = _local.EnterpriseId }).ResponseAsync);
        await AssertDenied(() => nowhere.GetTraceAsync(new GetTraceRequest { EnterpriseId = _local.EnterpriseId }).ResponseAsync);

        var enterprise = As(TestCaller.Enterprise(Guid.Parse(_local.EnterpriseId)));
        Assert.Equal(_local.EnterpriseId, (await enterprise.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = _local.EnterpriseId })).EnterpriseId);
        Assert.Single((await enterprise.GetTraceAsync(new GetTraceRequest { EnterpriseId = _local.EnterpriseId })).Pledges);
    }

    private async Task<Guid> OpenNeedAsync(string region)
    {
        var need = new NeedOpened(Guid.NewGuid(), Guid.NewGuid(), null, region, NeedCategory.Education, 3, "school-age child without education aid", DateTime.UtcNow);
        await _factory.DeliverAsync(need);
        return need.NeedId;
    }

    private static RegisterEnterpriseRequest Registered(string region)
    {
        var registration = Enterprises.Registration(Enterprises.NewCreditCode(region));
        registration.RegionCode = region;
        return registration;
    }

    private static async Task AssertDenied(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
