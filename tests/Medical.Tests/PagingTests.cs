using System.Globalization;
using Coordination.Medical.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;

namespace Coordination.Medical.Tests;

/// <summary>ListClaims and ListUninsuredMembers page by keyset: following next_page_token with a small page shows every row exactly once.</summary>
public class PagingTests : IAsyncLifetime
{
    private MedicalFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await MedicalFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Every_claim_is_seen_once_newest_service_date_first()
    {
        var client = _factory.Client();
        var members = new List<Guid>();
        for (var i = 0; i < 3; i++) members.AddRange((await _factory.SeedHouseholdAsync()).Members.Select(m => m.Id));
        var filed = new List<Claim>();
        for (var i = 0; i < 11; i++)
        {
            // Three service dates only: most page boundaries fall among claims of one date, which the id orders.
            var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-(i % 3));
            filed.Add(await client.FileClaimAsync(new FileClaimRequest
            {
                RequestId = Guid.NewGuid().ToString(), PersonId = members[i % members.Count].ToString(), Hospital = "六盘水市人民医院",
                ServiceDate = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), TotalCostFen = 10_000 + i,
                DiagnosisCategory = DiagnosisCategory.CommonIllness, CareType = CareType.Outpatient,
            }));
        }

        var seen = new List<Claim>();
        var token = "";
        do
        {
            var page = await client.ListClaimsAsync(new ListClaimsRequest { RegionCode = "52", PageSize = 2, PageToken = token });
            Assert.InRange(page.Claims.Count, 1, 2);
            seen.AddRange(page.Claims);
            token = page.NextPageToken;
        }
        while (token.Length > 0 && seen.Count < 100);

        Assert.Equal(seen.Count, seen.Select(c => c.ClaimId).Distinct().Count());
        Assert.Equal(filed.Select(c => c.ClaimId).Order(), seen.Select(c => c.ClaimId).Order());
        Assert.Equal(seen.Select(c => c.ServiceDate).OrderDescending(StringComparer.Ordinal), seen.Select(c => c.ServiceDate));
    }

    [Fact]
    public async Task Every_uninsured_member_is_seen_once()
    {
        var client = _factory.Client();
        var year = DateTime.UtcNow.Year;
        var members = new List<Guid>();
        for (var i = 0; i < 4; i++) members.AddRange((await _factory.SeedHouseholdAsync()).Members.Select(m => m.Id));
        // One insured member is not on the list.
        await client.EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = members[4].ToString(), Year = year, PremiumFen = 38_000 });

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await client.ListUninsuredMembersAsync(new ListUninsuredMembersRequest { Year = year, RegionCode = "5204", PageSize = 2, PageToken = token });
            Assert.InRange(page.Members.Count, 1, 2);
            seen.AddRange(page.Members.Select(m => m.PersonId));
            token = page.NextPageToken;
        }
        while (token.Length > 0 && seen.Count < 100);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(members.Where((_, i) => i != 4).Select(m => m.ToString()).Order(), seen.Order());
    }

    [Fact]
    public async Task A_page_size_over_the_cap_or_a_foreign_token_is_InvalidArgument_naming_the_field()
    {
        var client = _factory.Client();

        // An offset, the token this service gave before keyset paging, is no longer one.
        var claims = await Assert.ThrowsAsync<RpcException>(() =>
            client.ListClaimsAsync(new ListClaimsRequest { RegionCode = "52", PageSize = 501, PageToken = "2" }).ResponseAsync);
        var members = await Assert.ThrowsAsync<RpcException>(() => client.ListUninsuredMembersAsync(new ListUninsuredMembersRequest
        {
            RegionCode = "52", PageToken = Convert.ToBase64String("after:52\nnot-a-uuid\nnot-a-uuid"u8.ToArray()),
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, claims.StatusCode);
        Assert.Equal(["page_size", "page_token"], claims.FieldViolations().Select(v => v.Field).Order());
        Assert.Equal(StatusCode.InvalidArgument, members.StatusCode);
        Assert.Equal(["page_token"], members.FieldViolations().Select(v => v.Field));
    }
}
