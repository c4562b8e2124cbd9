using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Contracts.Events;
using Coordination.Donors.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Donors.Tests;

public class EnterpriseTests : IAsyncLifetime
{
    private DonorsFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await DonorsFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_decision_records_who_made_it_from_the_access_token_beside_the_name_typed_in()
    {
        var asLi = new DonorEnterprises.DonorEnterprisesClient(_factory.Channel(new TestCaller("coordinator-li", [BuildingBlocks.Security.Roles.Coordinator])));
        var toApprove = await _factory.Donors().RegisterEnterpriseAsync(Enterprises.Registration());
        var toReject = await _factory.Donors().RegisterEnterpriseAsync(Enterprises.Registration());

        // Anyone allowed to decide can type any name; the token's subject is who actually decided.
        var approved = await asLi.ApproveEnterpriseAsync(new ApproveEnterpriseRequest { EnterpriseId = toApprove.EnterpriseId, ApprovedBy = "王书记" });
        var rejected = await asLi.RejectEnterpriseAsync(new RejectEnterpriseRequest { EnterpriseId = toReject.EnterpriseId, RejectedBy = "王书记", Reason = "信用代码与营业执照不符" });
        Assert.Equal(("王书记", "coordinator-li"), (approved.DecidedBy, approved.DecidedBySubject));
        Assert.Equal(("王书记", "coordinator-li"), (rejected.DecidedBy, rejected.DecidedBySubject));
        var stored = await _factory.Donors().GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = toApprove.EnterpriseId });
        Assert.Equal("coordinator-li", stored.DecidedBySubject);
    }

    [Fact]
    [Trait("Acceptance", "1")]
    public async Task A_registration_goes_pending_then_approved_then_active_and_approval_is_published_once()
    {
        var donors = _factory.Donors();
        var registered = await donors.RegisterEnterpriseAsync(Enterprises.Registration());
        Assert.Equal(EnterpriseStatus.Pending, registered.Status);

        var approved = await donors.ApproveEnterpriseAsync(new ApproveEnterpriseRequest { EnterpriseId = registered.EnterpriseId, ApprovedBy = "李主任" });
        Assert.Equal(EnterpriseStatus.Approved, approved.Status);
        Assert.Equal("李主任", approved.DecidedBy);
        Assert.NotNull(approved.DecidedAt);

        // A retried approval changes nothing and publishes nothing again.
        await donors.ApproveEnterpriseAsync(new ApproveEnterpriseRequest { EnterpriseId = registered.EnterpriseId, ApprovedBy = "李主任" });
        var active = await donors.ActivateEnterpriseAsync(new ActivateEnterpriseRequest { EnterpriseId = registered.EnterpriseId });
        Assert.Equal(EnterpriseStatus.Active, active.Status);

        var outbox = await _factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());
        var row = Assert.Single(outbox);
        Assert.Equal(typeof(EnterpriseApproved).FullName, row.MessageType);
        Assert.Contains(registered.CreditCode, row.Payload);
    }

    [Fact]
    [Trait("Acceptance", "1")]
    public async Task A_pending_enterprise_cannot_pledge_nor_be_activated()
    {
        var donors = _factory.Donors();
        var registered = await donors.RegisterEnterpriseAsync(Enterprises.Registration());

        var pledge = await Assert.ThrowsAsync<RpcException>(() => donors.CreatePledgeAsync(Enterprises.MoneyPledge(registered.EnterpriseId)).ResponseAsync);
        var activate = await Assert.ThrowsAsync<RpcException>(() =>
            donors.ActivateEnterpriseAsync(new ActivateEnterpriseRequest { EnterpriseId = registered.EnterpriseId }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, pledge.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, activate.StatusCode);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Pledges.CountAsync()));
    }

    [Fact]
    [Trait("Acceptance", "1")]
    public async Task A_rejection_needs_a_reason_is_final_and_blocks_pledges()
    {
        var donors = _factory.Donors();
        var registered = await donors.RegisterEnterpriseAsync(Enterprises.Registration());

        var noReason = await Assert.ThrowsAsync<RpcException>(() => donors.RejectEnterpriseAsync(
            new RejectEnterpriseRequest { EnterpriseId = registered.EnterpriseId, RejectedBy = "李主任" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
        Assert.Contains(noReason.FieldViolations(), v => v.Field == "reason");

        var rejected = await donors.RejectEnterpriseAsync(new RejectEnterpriseRequest
        {
            EnterpriseId = registered.EnterpriseId, RejectedBy = "李主任", Reason = "营业执照已吊销",
        });
        Assert.Equal(EnterpriseStatus.Rejected, rejected.Status);
        Assert.Equal("营业执照已吊销", rejected.RejectionReason);

        var approve = await Assert.ThrowsAsync<RpcException>(() => donors.ApproveEnterpriseAsync(
            new ApproveEnterpriseRequest { EnterpriseId = registered.EnterpriseId, ApprovedBy = "王书记" }).ResponseAsync);
        var activate = await Assert.ThrowsAsync<RpcException>(() =>
            donors.ActivateEnterpriseAsync(new ActivateEnterpriseRequest { EnterpriseId = registered.EnterpriseId }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, approve.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, activate.StatusCode);
        var read = await donors.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = registered.EnterpriseId });
        Assert.Equal(EnterpriseStatus.Rejected, read.Status);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    [Trait("Acceptance", "1")]
    public async Task Approval_names_the_coordinator()
    {
        var donors = _factory.Donors();
        var registered = await donors.RegisterEnterpriseAsync(Enterprises.Registration());

        var error = await Assert.ThrowsAsync<RpcException>(() => donors.ApproveEnterpriseAsync(
            new ApproveEnterpriseRequest { EnterpriseId = registered.EnterpriseId }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), v => v.Field == "approved_by");
        var read = await donors.GetEnterpriseAsync(new GetEnterpriseRequest { EnterpriseId = registered.EnterpriseId });
        Assert.Equal(EnterpriseStatus.Pending, read.Status);
    }

    [Fact]
    [Trait("Acceptance", "1")]
    public async Task A_credit_code_registers_once()
    {
        var donors = _factory.Donors();
        var code = Enterprises.NewCreditCode();
        await donors.RegisterEnterpriseAsync(Enterprises.Registration(code));

        var error = await Assert.ThrowsAsync<RpcException>(() => donors.RegisterEnterpriseAsync(Enterprises.Registration(code.ToLowerInvariant())).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Enterprises.CountAsync()));
    }

    [Fact]
    [Trait("Acceptance", "4")]
    public async Task Every_invalid_field_of_a_registration_is_named_at_once_and_nothing_is_stored()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Donors().RegisterEnterpriseAsync(new RegisterEnterpriseRequest
        {
            Name = "", CreditCode = "123", ContactName = "", ContactPhone = "call me", RegionCode = "99",
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["contact_name", "contact_phone", "credit_code", "name", "region_code"],
            error.FieldViolations().Select(v => v.Field).Order());
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Enterprises.CountAsync()));
    }

    [Fact]
    public async Task Paired_villages_must_be_village_codes()
    {
        var donors = _factory.Donors();
        var enterprise = await Enterprises.ActiveAsync(donors);
        var request = new SetPairedVillagesRequest { EnterpriseId = enterprise.EnterpriseId };
        request.VillageCodes.Add("520402101201");
        request.VillageCodes.Add("520402");

        var error = await Assert.ThrowsAsync<RpcException>(() => donors.SetPairedVillagesAsync(request).ResponseAsync);
        Assert.Contains(error.FieldViolations(), v => v.Field == "village_codes[1]");

        request.VillageCodes[1] = "520402101202";
        var paired = await donors.SetPairedVillagesAsync(request);
        Assert.Equal(["520402101201", "520402101202"], paired.PairedVillageCodes);
    }

    [Fact]
    [Trait("Acceptance", "4")]
    public async Task REST_registration_answers_problem_details_for_invalid_input_and_the_enterprise_otherwise()
    {
        var client = _factory.CreateClient();

        var bad = await client.PostAsJsonAsync("/api/v1/donors/enterprises", new { name = "某公司", creditCode = "91350100M000100Y44", regionCode = "520402" });
        Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, await bad.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty("credit_code", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("contact_name", out _));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Enterprises.CountAsync()));

        var created = await client.PostAsJsonAsync("/api/v1/donors/enterprises", new
        {
            name = "某公司", creditCode = "91350100m000100y43", contactName = "陈经理", contactPhone = "13800000000", regionCode = "520402",
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var enterprise = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ENTERPRISE_STATUS_PENDING", enterprise.GetProperty("status").GetString());
        Assert.Equal("91350100M000100Y43", enterprise.GetProperty("creditCode").GetString());

        var missing = await client.GetAsync($"/api/v1/donors/enterprises/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_REST_endpoints()
    {
        var document = await _factory.CreateClient().GetFromJsonAsync<JsonElement>(BuildingBlocks.Hosting.RestApiDocument.PathOf(Extensions.ServiceName));

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/donors/enterprises", out var enterprises), paths.ToString());
        Assert.True(enterprises.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/donors/enterprises/{enterpriseId}/pledges", out _), paths.ToString());
        Assert.True(paths.TryGetProperty("/api/v1/donors/enterprises/{enterpriseId}/trace", out _), paths.ToString());
    }
}
