using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Donors.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Donors.Tests;

/// <summary>
/// Acceptance 4 for every call that changes something: invalid input is 400 with problem details over
/// REST and InvalidArgument with the field over gRPC, and nothing is stored or changed.
/// </summary>
[Trait("Acceptance", "4")]
public class InvalidInputTests : IAsyncLifetime
{
    private DonorsFactory _factory = null!;
    private DonorEnterprises.DonorEnterprisesClient _donors = null!;
    private Enterprise _pending = null!;

    public async Task InitializeAsync()
    {
        _factory = await DonorsFactory.CreateAsync();
        _donors = _factory.Donors();
        _pending = await _donors.RegisterEnterpriseAsync(Enterprises.Registration());
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    public static TheoryData<string> Calls => new() { "approve", "reject", "activate", "pair", "pledge", "deliver" };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Invalid_input_is_InvalidArgument_over_gRPC_and_changes_nothing(string call)
    {
        var before = await SnapshotAsync();
        var id = _pending.EnterpriseId;
        (string Field, Func<Task> Act) attempt = call switch
        {
            "approve" => ("approved_by", () => _donors.ApproveEnterpriseAsync(new ApproveEnterpriseRequest { EnterpriseId = id, ApprovedBy = " " }).ResponseAsync),
            "reject" => ("reason", () => _donors.RejectEnterpriseAsync(new RejectEnterpriseRequest { EnterpriseId = id, RejectedBy = "李主任" }).ResponseAsync),
            "activate" => ("enterprise_id", () => _donors.ActivateEnterpriseAsync(new ActivateEnterpriseRequest { EnterpriseId = "not-an-id" }).ResponseAsync),
            "pair" => ("village_codes[0]", () => _donors.SetPairedVillagesAsync(new SetPairedVillagesRequest { EnterpriseId = id, VillageCodes = { "5204" } }).ResponseAsync),
            "pledge" => ("per_household_cap", () => _donors.CreatePledgeAsync(WithoutCap()).ResponseAsync),
            _ => ("allocation_id", () => _donors.DeliverAllocationAsync(new DeliverAllocationRequest { AllocationId = "42" }).ResponseAsync),
        };
        var (expectedField, act) = attempt;

        var error = await Assert.ThrowsAsync<RpcException>(act);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), v => v.Field == expectedField);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Invalid_input_is_400_problem_details_over_REST_and_changes_nothing(string call)
    {
        var before = await SnapshotAsync();
        var id = _pending.EnterpriseId;
        var (field, path, body) = call switch
        {
            "approve" => ("approved_by", $"/api/v1/donors/enterprises/{id}:approve", (object)new { approvedBy = "" }),
            "reject" => ("reason", $"/api/v1/donors/enterprises/{id}:reject", new { rejectedBy = "李主任" }),
            "activate" => ("enterprise_id", "/api/v1/donors/enterprises/not-an-id:activate", new { }),
            "pair" => ("village_codes[0]", $"/api/v1/donors/enterprises/{id}/paired-villages", new { villageCodes = new[] { "5204" } }),
            "pledge" => ("per_household_cap", $"/api/v1/donors/enterprises/{id}/pledges", new
            {
                requestId = "k", kind = "PLEDGE_KIND_MONEY", amountFen = 100, targetRegionCodes = new[] { "5204" },
                categories = new[] { "NEED_CATEGORY_LIVING" }, validFrom = "2026-01-01", validUntil = "2099-01-01",
            }),
            _ => ("allocation_id", "/api/v1/donors/allocations/42:deliver", new { }),
        };
        var http = _factory.CreateClient();

        var response = call == "pair" ? await http.PutAsJsonAsync(path, body) : await http.PostAsJsonAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await SnapshotAsync());
    }

    private CreatePledgeRequest WithoutCap()
    {
        var request = Enterprises.MoneyPledge(_pending.EnterpriseId);
        request.PerHouseholdCap = 0;
        return request;
    }

    /// <summary>Everything the calls could change: the enterprises' state, pledges, allocations, outbox.</summary>
    private Task<string> SnapshotAsync() => _factory.WithDbAsync(async db =>
    {
        var enterprises = await db.Enterprises.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => $"{e.Id}:{e.Status}:{e.DecidedBy}:{e.RejectionReason}:{string.Join(',', e.PairedVillageCodes)}").ToListAsync();
        return string.Join(";", enterprises)
            + $"|pledges {await db.Pledges.CountAsync()}|allocations {await db.Allocations.CountAsync()}|outbox {await db.OutboxMessages.CountAsync()}";
    });
}
