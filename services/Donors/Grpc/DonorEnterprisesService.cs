using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Security;
using Coordination.Donors.Data;
using Coordination.Donors.Enterprises;
using Coordination.Donors.Matching;
using Coordination.Donors.Pledges;
using Coordination.Donors.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Domain = Coordination.Donors.Domain;

namespace Coordination.Donors.Grpc;

/// <summary>
/// Serves coordination.donors.v1.DonorEnterprises: an enterprise reaches its own records
/// (<see cref="Ownership"/>), a coordinator those of its region scope (<see cref="CoordinatorScope"/>).
/// </summary>
public sealed class DonorEnterprisesService(EnterpriseRegistry registry, PledgeBook pledges, MatchingRun matching, DonorsDbContext db)
    : DonorEnterprises.DonorEnterprisesBase
{
    public override async Task<Enterprise> RegisterEnterprise(RegisterEnterpriseRequest request, ServerCallContext context) =>
        ToResponse(await registry.RegisterAsync(request, context.CancellationToken));

    public override async Task<Enterprise> GetEnterprise(GetEnterpriseRequest request, ServerCallContext context)
    {
        Ownership.Require(context, request.EnterpriseId);
        await CoordinatorScope.RequireReadableAsync(context, db, request.EnterpriseId);
        return ToResponse(await registry.GetAsync(request.EnterpriseId, context.CancellationToken));
    }

    public override async Task<Enterprise> ApproveEnterprise(ApproveEnterpriseRequest request, ServerCallContext context)
    {
        await CoordinatorScope.RequireRegisteredInScopeAsync(context, db, request.EnterpriseId);
        return ToResponse(await registry.ApproveAsync(request, context.User().Subject(), context.CancellationToken));
    }

    public override async Task<Enterprise> RejectEnterprise(RejectEnterpriseRequest request, ServerCallContext context)
    {
        await CoordinatorScope.RequireRegisteredInScopeAsync(context, db, request.EnterpriseId);
        return ToResponse(await registry.RejectAsync(request, context.User().Subject(), context.CancellationToken));
    }

    public override async Task<Enterprise> ActivateEnterprise(ActivateEnterpriseRequest request, ServerCallContext context)
    {
        Ownership.Require(context, request.EnterpriseId);
        await CoordinatorScope.RequireRegisteredInScopeAsync(context, db, request.EnterpriseId);
        return ToResponse(await registry.ActivateAsync(request, context.CancellationToken));
    }

    public override async Task<Enterprise> SetPairedVillages(SetPairedVillagesRequest request, ServerCallContext context)
    {
        Ownership.Require(context, request.EnterpriseId);
        await CoordinatorScope.RequirePairingChangeAsync(context, db, request.EnterpriseId, request.VillageCodes);
        return ToResponse(await registry.SetPairedVillagesAsync(request, context.CancellationToken));
    }

    public override async Task<Pledge> CreatePledge(CreatePledgeRequest request, ServerCallContext context)
    {
        Ownership.Require(context, request.EnterpriseId);
        CoordinatorScope.RequireTargets(context, request.TargetRegionCodes);
        return ToResponse(await pledges.CreateAsync(request, context.CancellationToken));
    }

    public override async Task<RunMatchingResponse> RunMatching(RunMatchingRequest request, ServerCallContext context)
    {
        // A coordinator's run matches the open needs of its scope (nation-wide: every need), as the schedule does for all.
        var result = await matching.RunAsync(context.CancellationToken, context.RegionScope());
        var response = new RunMatchingResponse { OpenNeeds = result.OpenNeeds, PledgesConsidered = result.PledgesConsidered };
        response.Allocations.AddRange(result.Allocations.Select(ToResponse));
        response.Refusals.AddRange(result.Refusals.Select(r => new MatchingRefusal
        {
            PledgeId = r.PledgeId.ToString(),
            NeedId = r.Need.Id.ToString(),
            HouseholdCode = Domain.Allocation.MaskHousehold(r.Need.HouseholdId),
            RegionCode = r.Need.RegionCode,
            Category = (NeedCategory)r.Need.Category,
            BenefitTypeCode = r.BenefitTypeCode,
            Explanation = r.Explanation,
        }));
        return response;
    }

    public override async Task<Allocation> DeliverAllocation(DeliverAllocationRequest request, ServerCallContext context)
    {
        await Ownership.RequireAllocationAsync(context, db, request.AllocationId);
        await CoordinatorScope.RequireAllocationAsync(context, db, request.AllocationId);
        return ForEnterprise(await matching.DeliverAsync(request.AllocationId, context.CancellationToken));
    }

    public override async Task<Trace> GetTrace(GetTraceRequest request, ServerCallContext context)
    {
        Ownership.Require(context, request.EnterpriseId);
        await CoordinatorScope.RequireReadableAsync(context, db, request.EnterpriseId);
        var ct = context.CancellationToken;
        var enterprise = await registry.GetAsync(request.EnterpriseId, ct);
        var pledgeList = await db.Pledges.AsNoTracking().Where(p => p.EnterpriseId == enterprise.Id).ToListAsync(ct);
        // An enterprise sees all its allocations; a coordinator those of its scope, and the sums of those.
        var all = db.Allocations.AsNoTracking().Where(a => a.EnterpriseId == enterprise.Id);
        var allocations = (await (CoordinatorScope.Of(context) is { } scope ? scope.Filter(all, a => a.RegionCode) : all).ToListAsync(ct))
            .ToLookup(a => a.PledgeId);
        var trace = new Trace { EnterpriseId = enterprise.Id.ToString(), Name = enterprise.Name };
        foreach (var pledge in pledgeList.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id))
        {
            var mine = allocations[pledge.Id].OrderBy(a => a.AllocatedAt).ThenBy(a => a.Id).ToList();
            var item = new PledgeTrace
            {
                Pledge = ToResponse(pledge),
                Allocated = mine.Where(a => a.Status != Domain.AllocationStatus.Cancelled).Sum(a => a.Quantity),
                Delivered = mine.Where(a => a.Status == Domain.AllocationStatus.Delivered).Sum(a => a.Quantity),
                Remaining = pledge.Remaining,
            };
            // A donor sees the region, the masked household, the category, the amount and the dates; not the ledger's need id.
            item.Allocations.AddRange(mine.Select(ToTraced));
            trace.Pledges.Add(item);
        }
        return trace;
    }

    private static Enterprise ToResponse(Domain.Enterprise e)
    {
        var response = new Enterprise
        {
            EnterpriseId = e.Id.ToString(),
            Name = e.Name,
            CreditCode = e.CreditCode,
            ContactName = e.ContactName,
            ContactPhone = e.ContactPhone,
            RegionCode = e.RegionCode,
            Status = (EnterpriseStatus)e.Status,
            RegisteredAt = Timestamp.FromDateTime(e.RegisteredAt),
            DecidedBy = e.DecidedBy ?? "",
            DecidedBySubject = e.DecidedBySubject ?? "",
            DecidedAt = e.DecidedAt is { } at ? Timestamp.FromDateTime(at) : null,
            RejectionReason = e.RejectionReason ?? "",
        };
        response.PairedVillageCodes.AddRange(e.PairedVillageCodes);
        return response;
    }

    private static Pledge ToResponse(Domain.Pledge p)
    {
        var response = new Pledge
        {
            PledgeId = p.Id.ToString(),
            EnterpriseId = p.EnterpriseId.ToString(),
            RequestId = p.RequestId,
            Kind = (PledgeKind)p.Kind,
            Title = p.Title,
            Quantity = p.Quantity,
            UnitValueFen = p.UnitValueFen,
            PerHouseholdCap = p.PerHouseholdCap,
            ValidFrom = p.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ValidUntil = p.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Remaining = p.Remaining,
            CreatedAt = Timestamp.FromDateTime(p.CreatedAt),
            BenefitTypeCode = p.BenefitTypeCode,
        };
        response.TargetRegionCodes.AddRange(p.TargetRegionCodes);
        response.Categories.AddRange(p.Categories.Select(c => (NeedCategory)c));
        return response;
    }

    private static Allocation ToTraced(Domain.Allocation a)
    {
        var response = ForEnterprise(a);
        response.NeedId = "";
        return response;
    }

    /// <summary>What an enterprise sees of its allocation: no severity, no other aid of the household.</summary>
    private static Allocation ForEnterprise(Domain.Allocation a)
    {
        var response = ToResponse(a);
        response.Explanation = DonorExplanation.Of(a.Explanation);
        return response;
    }

    /// <summary>What a donor may see: the region, a masked household code, the category, the amount, the dates.</summary>
    private static Allocation ToResponse(Domain.Allocation a) => new()
    {
        AllocationId = a.Id.ToString(),
        PledgeId = a.PledgeId.ToString(),
        NeedId = a.NeedId.ToString(),
        HouseholdCode = Domain.Allocation.MaskHousehold(a.HouseholdId),
        RegionCode = a.RegionCode,
        Category = (NeedCategory)a.Category,
        Quantity = a.Quantity,
        ValueFen = a.ValueFen,
        Status = (AllocationStatus)a.Status,
        Explanation = a.Explanation,
        AllocatedAt = Timestamp.FromDateTime(a.AllocatedAt),
        DeliveredAt = a.DeliveredAt is { } at ? Timestamp.FromDateTime(at) : null,
    };
}
