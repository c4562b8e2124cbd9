using System.Net;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Security;
using Coordination.Medical.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Medical.Tests;

/// <summary>
/// A county's health bureau (region scope 520402) works with its county's members and claims only:
/// the neighbouring county 520403's claims, guarantees and members are PermissionDenied to read or
/// change and absent from every list. A caller serving no region sees nothing and files nothing.
/// </summary>
public class RegionScopeTests : IAsyncLifetime
{
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd");

    private static readonly TestCaller County = TestCaller.WithRoles(Roles.DepartmentMedical).InRegions("520402");
    private static readonly TestCaller Nowhere = TestCaller.WithRoles(Roles.DepartmentMedical).InRegions();

    private MedicalFactory _factory = null!;
    private KnownHousehold _own = null!;
    private KnownHousehold _other = null!;
    private Claim _ownClaim = null!;
    private Claim _otherClaim = null!;

    public async Task InitializeAsync()
    {
        _factory = await MedicalFactory.CreateAsync();
        _own = await _factory.SeedHouseholdAsync(regionCode: "520402101201");
        _other = await _factory.SeedHouseholdAsync(regionCode: "520403101201");
        var broad = _factory.Client();
        _ownClaim = await broad.FileClaimAsync(Bill(_own.Members[0].Id, 1_000_000));
        _otherClaim = await broad.FileClaimAsync(Bill(_other.Members[0].Id, 1_000_000));
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private MedicalAid.MedicalAidClient As(TestCaller caller) => new(_factory.Channel(caller));

    [Fact]
    public async Task A_county_caller_reads_its_county_s_claims_and_guarantees_and_is_denied_another_county_s()
    {
        var county = As(County);

        Assert.Equal(_ownClaim.ClaimId, (await county.GetClaimAsync(new GetClaimRequest { ClaimId = _ownClaim.ClaimId })).ClaimId);
        Assert.Equal(_own.Id.ToString(), (await county.GetMedicalGuaranteeAsync(new GetMedicalGuaranteeRequest { HouseholdId = _own.Id.ToString() })).HouseholdId);

        await AssertDenied(() => county.GetClaimAsync(new GetClaimRequest { ClaimId = _otherClaim.ClaimId }).ResponseAsync);
        await AssertDenied(() => county.GetMedicalGuaranteeAsync(new GetMedicalGuaranteeRequest { HouseholdId = _other.Id.ToString() }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => county.GetClaimAsync(new GetClaimRequest { ClaimId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        using var http = _factory.CreateClient(County);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/medical/claims/{_ownClaim.ClaimId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/v1/medical/claims/{_otherClaim.ClaimId}")).StatusCode);
    }

    [Fact]
    public async Task A_county_caller_s_lists_hold_its_county_s_claims_and_uninsured_members_only()
    {
        var county = As(County);

        Assert.Equal([_ownClaim.ClaimId], (await county.ListClaimsAsync(new ListClaimsRequest { Hospital = "六盘水市人民医院" })).Claims.Select(c => c.ClaimId));
        Assert.Equal([_ownClaim.ClaimId], (await county.ListClaimsAsync(new ListClaimsRequest { RegionCode = "52" })).Claims.Select(c => c.ClaimId));
        Assert.Empty((await county.ListClaimsAsync(new ListClaimsRequest { HouseholdId = _other.Id.ToString() })).Claims);
        Assert.Empty((await county.ListClaimsAsync(new ListClaimsRequest { PersonId = _other.Members[0].Id.ToString() })).Claims);

        var uninsured = new List<UninsuredMember>();
        var token = "";
        do
        {
            var page = await county.ListUninsuredMembersAsync(new ListUninsuredMembersRequest { RegionCode = "52", PageSize = 1, PageToken = token });
            uninsured.AddRange(page.Members);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal(_own.Members.Select(m => m.Id.ToString()).Order(), uninsured.Select(m => m.PersonId).Order());
        Assert.Empty((await county.ListUninsuredMembersAsync(new ListUninsuredMembersRequest { HouseholdId = _other.Id.ToString() })).Members);
    }

    [Fact]
    public async Task A_county_caller_cannot_file_reimburse_or_enrol_for_another_county_and_nothing_changes()
    {
        var county = As(County);
        var member = _other.Members[1].Id;

        await AssertDenied(() => county.FileClaimAsync(Bill(member, 500_000)).ResponseAsync);
        await AssertDenied(() => county.AddReimbursementAsync(new AddReimbursementRequest
        {
            ClaimId = _otherClaim.ClaimId, RequestId = "late-1", Kind = ReimbursementKind.MedicalAssistance, AmountFen = 1_000, Reason = "late",
        }).ResponseAsync);
        await AssertDenied(() => county.EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = member.ToString(), Year = DateTime.UtcNow.Year, PremiumFen = 32_000 }).ResponseAsync);
        // The replay of the other county's claim under its own key is denied too: a key discloses nothing.
        await AssertDenied(() => county.FileClaimAsync(Bill(_other.Members[0].Id, 1_000_000, _otherClaim.RequestId)).ResponseAsync);

        await _factory.WithDbAsync(async db =>
        {
            Assert.False(await db.Claims.AnyAsync(c => c.PersonId == member));
            Assert.False(await db.Enrolments.AnyAsync(e => e.PersonId == member));
            Assert.Equal(_otherClaim.Reimbursements.Count, await db.Reimbursements.CountAsync(r => r.ClaimId == Guid.Parse(_otherClaim.ClaimId)));
            return true;
        });

        // Its own county's members it files for and enrols.
        await county.FileClaimAsync(Bill(_own.Members[1].Id, 500_000));
        await county.EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = _own.Members[1].Id.ToString(), Year = DateTime.UtcNow.Year, PremiumFen = 32_000 });
    }

    [Fact]
    public async Task A_caller_serving_no_region_sees_nothing_and_files_nothing()
    {
        var nowhere = As(Nowhere);

        Assert.Empty((await nowhere.ListClaimsAsync(new ListClaimsRequest { RegionCode = "52" })).Claims);
        Assert.Empty((await nowhere.ListUninsuredMembersAsync(new ListUninsuredMembersRequest { RegionCode = "52" })).Members);
        await AssertDenied(() => nowhere.GetClaimAsync(new GetClaimRequest { ClaimId = _ownClaim.ClaimId }).ResponseAsync);
        await AssertDenied(() => nowhere.GetMedicalGuaranteeAsync(new GetMedicalGuaranteeRequest { HouseholdId = _own.Id.ToString() }).ResponseAsync);
        await AssertDenied(() => nowhere.FileClaimAsync(Bill(_own.Members[1].Id, 500_000)).ResponseAsync);
        Assert.False(await _factory.WithDbAsync(db => db.Claims.AnyAsync(c => c.PersonId == _own.Members[1].Id)));
    }

    private static FileClaimRequest Bill(Guid personId, long totalFen, string? requestId = null) => new()
    {
        RequestId = requestId ?? Guid.NewGuid().ToString(),
        PersonId = personId.ToString(),
        Hospital = "六盘水市人民医院",
        ServiceDate = Today,
        TotalCostFen = totalFen,
        DiagnosisCategory = DiagnosisCategory.SeriousIllness,
        CareType = CareType.Inpatient,
    };

    private static async Task AssertDenied(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
