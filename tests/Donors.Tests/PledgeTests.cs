using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Donors.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Donors.Tests;

[Trait("Acceptance", "1")]
public class PledgeTests : IAsyncLifetime
{
    private DonorsFactory _factory = null!;
    private DonorEnterprises.DonorEnterprisesClient _donors = null!;
    private Enterprise _enterprise = null!;

    public async Task InitializeAsync()
    {
        _factory = await DonorsFactory.CreateAsync();
        _donors = _factory.Donors();
        _enterprise = await Enterprises.ActiveAsync(_donors);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_pledge_worth_more_than_the_bound_of_an_amount_is_InvalidArgument_and_stores_nothing()
    {
        var money = Enterprises.MoneyPledge(_enterprise.EnterpriseId, amountFen: Coordination.BuildingBlocks.Domain.Money.MaxFen + 1, capFen: 100_000);
        var error = await Assert.ThrowsAsync<RpcException>(() => _donors.CreatePledgeAsync(money).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), f => f.Field == "amount_fen");

        var goods = Enterprises.MoneyPledge(_enterprise.EnterpriseId, amountFen: 5_000_000, capFen: 1);
        (goods.Kind, goods.AmountFen, goods.Quantity, goods.UnitValueFen) = (PledgeKind.Goods, 0, 1_000_000, long.MaxValue / 1_000_000);
        error = await Assert.ThrowsAsync<RpcException>(() => _donors.CreatePledgeAsync(goods).ResponseAsync);
        Assert.Contains(error.FieldViolations(), f => f.Field == "unit_value_fen");
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Pledges.CountAsync()));

        // Later pledges are unaffected.
        Assert.Equal(5_000_000, (await _donors.CreatePledgeAsync(Enterprises.MoneyPledge(_enterprise.EnterpriseId, amountFen: 5_000_000, capFen: 100_000))).Quantity);
    }

    [Fact]
    public async Task A_money_pledge_is_stored_with_all_of_it_left()
    {
        var request = Enterprises.MoneyPledge(_enterprise.EnterpriseId, amountFen: 5_000_000, capFen: 100_000);

        var pledge = await _donors.CreatePledgeAsync(request);

        Assert.Equal(PledgeKind.Money, pledge.Kind);
        Assert.Equal(5_000_000, pledge.Quantity);
        Assert.Equal(5_000_000, pledge.Remaining);
        Assert.Equal(1, pledge.UnitValueFen);
        Assert.Equal(100_000, pledge.PerHouseholdCap);
        Assert.Equal(request.ValidUntil, pledge.ValidUntil);
        Assert.Equal(["520402"], pledge.TargetRegionCodes);
        Assert.Equal([NeedCategory.Education], pledge.Categories);
    }

    [Fact]
    public async Task A_goods_pledge_counts_items_with_their_valuation()
    {
        var request = Enterprises.MoneyPledge(_enterprise.EnterpriseId);
        request.Kind = PledgeKind.Goods;
        request.AmountFen = 0;
        request.Quantity = 40;
        request.UnitValueFen = 250_00;
        request.PerHouseholdCap = 2;

        var pledge = await _donors.CreatePledgeAsync(request);

        Assert.Equal(40, pledge.Quantity);
        Assert.Equal(250_00, pledge.UnitValueFen);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_returns_the_first_pledge_and_stores_one()
    {
        var request = Enterprises.MoneyPledge(_enterprise.EnterpriseId, key: "order-2026-0001");

        var first = await _donors.CreatePledgeAsync(request);
        var retried = await _donors.CreatePledgeAsync(request.Clone());

        Assert.Equal(first.PledgeId, retried.PledgeId);
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Pledges.CountAsync()));
    }

    [Fact]
    public async Task Concurrent_retries_with_the_same_key_store_one_pledge()
    {
        var request = Enterprises.MoneyPledge(_enterprise.EnterpriseId, key: "burst");

        var pledges = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _donors.CreatePledgeAsync(request.Clone()).ResponseAsync));

        Assert.Single(pledges.Select(p => p.PledgeId).Distinct());
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Pledges.CountAsync()));
    }

    [Fact]
    public async Task A_different_pledge_under_a_used_key_is_AlreadyExists()
    {
        var request = Enterprises.MoneyPledge(_enterprise.EnterpriseId, key: "order-2026-0002");
        await _donors.CreatePledgeAsync(request);
        var other = request.Clone();
        other.AmountFen *= 2;

        var error = await Assert.ThrowsAsync<RpcException>(() => _donors.CreatePledgeAsync(other).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("request_id", error.Status.Detail);
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Pledges.CountAsync()));
    }

    [Fact]
    public async Task The_same_key_of_another_enterprise_is_another_pledge()
    {
        var other = await Enterprises.ActiveAsync(_donors);

        var mine = await _donors.CreatePledgeAsync(Enterprises.MoneyPledge(_enterprise.EnterpriseId, key: "k1"));
        var theirs = await _donors.CreatePledgeAsync(Enterprises.MoneyPledge(other.EnterpriseId, key: "k1"));

        Assert.NotEqual(mine.PledgeId, theirs.PledgeId);
    }

    public static TheoryData<string, string> InvalidPledges => new()
    {
        { "no kind", "kind" },
        { "no amount", "amount_fen" },
        { "money with a quantity", "quantity" },
        { "goods without a valuation", "unit_value_fen" },
        { "jobs without places", "quantity" },
        { "no request id", "request_id" },
        { "no target region", "target_region_codes" },
        { "bad target region", "target_region_codes[0]" },
        { "no category", "categories" },
        { "unknown category", "categories[0]" },
        { "category twice", "categories[1]" },
        { "no cap", "per_household_cap" },
        { "cap above the pledge", "per_household_cap" },
        { "bad date", "valid_from" },
        { "ends before it starts", "valid_until" },
        { "already over", "valid_until" },
        { "bad enterprise id", "enterprise_id" },
        { "benefit not in the catalogue", "benefit_type_code" },
        { "benefit capped by a bill", "benefit_type_code" },
    };

    [Theory]
    [MemberData(nameof(InvalidPledges))]
    [Trait("Acceptance", "4")]
    public async Task Invalid_pledges_are_InvalidArgument_naming_the_field_and_store_nothing(string mistake, string field)
    {
        var r = Enterprises.MoneyPledge(_enterprise.EnterpriseId);
        switch (mistake)
        {
            case "no kind": r.Kind = PledgeKind.Unspecified; break;
            case "no amount": r.AmountFen = 0; break;
            case "money with a quantity": r.Quantity = 3; break;
            case "goods without a valuation": r.Kind = PledgeKind.Goods; r.AmountFen = 0; r.Quantity = 10; r.PerHouseholdCap = 1; break;
            case "jobs without places": r.Kind = PledgeKind.Jobs; r.AmountFen = 0; break;
            case "no request id": r.RequestId = " "; break;
            case "no target region": r.TargetRegionCodes.Clear(); break;
            case "bad target region": r.TargetRegionCodes[0] = "5204021"; break;
            case "no category": r.Categories.Clear(); break;
            case "unknown category": r.Categories[0] = (NeedCategory)42; break;
            case "category twice": r.Categories.Add(NeedCategory.Education); break;
            case "no cap": r.PerHouseholdCap = 0; break;
            case "cap above the pledge": r.PerHouseholdCap = r.AmountFen + 1; break;
            case "bad date": r.ValidFrom = "2026-02-30"; break;
            case "ends before it starts": r.ValidFrom = DateTime.UtcNow.AddYears(2).ToString("yyyy-MM-dd"); break;
            case "already over": r.ValidFrom = "2020-01-01"; r.ValidUntil = "2020-12-31"; break;
            case "bad enterprise id": r.EnterpriseId = "acme"; break;
            case "benefit not in the catalogue": r.BenefitTypeCode = "donor.car"; break;
            case "benefit capped by a bill": r.BenefitTypeCode = "medical.assistance"; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _donors.CreatePledgeAsync(r).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), v => v.Field == field);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Pledges.CountAsync()));
    }

    [Fact]
    public async Task A_pledge_for_an_unknown_enterprise_is_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _donors.CreatePledgeAsync(Enterprises.MoneyPledge(Guid.NewGuid().ToString())).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    [Trait("Acceptance", "4")]
    public async Task REST_pledges_answer_problem_details_listing_every_field()
    {
        var client = _factory.CreateClient();

        var bad = await client.PostAsJsonAsync($"/api/v1/donors/enterprises/{_enterprise.EnterpriseId}/pledges",
            new { requestId = "rest-1", kind = "PLEDGE_KIND_MONEY", amountFen = -5, categories = new[] { "NEED_CATEGORY_EDUCATION" } });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "amount_fen", "target_region_codes", "per_household_cap", "valid_from", "valid_until" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} missing in {errors}");
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Pledges.CountAsync()));
    }
}
