using Coordination.BuildingBlocks.Security;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>The matrix file and the REST table, without servers: how a method and a route are judged.</summary>
public class PolicyTests
{
    private static AccessPolicy Policy => SecuredSuite.Policy;

    [Fact]
    public void The_most_specific_pattern_decides()
    {
        // IndustryProjects/* is the department's; Get* adds the coordinator for reads only.
        Assert.Equal(["department-industry"], Policy.RolesFor("coordination.industry.v1.IndustryProjects/RecordBenefit").Order());
        Assert.Equal(["coordinator", "department-industry"], Policy.RolesFor("coordination.industry.v1.IndustryProjects/GetProject").Order());
        Assert.Contains("department-medical", Policy.RolesFor("coordination.households.v1.HouseholdRegistry/ResolveNationalId"));
        Assert.DoesNotContain("department-medical", Policy.RolesFor("coordination.households.v1.HouseholdRegistry/RegisterHousehold"));
    }

    [Fact]
    public void A_method_no_rule_names_is_denied_to_every_role()
    {
        Assert.Empty(Policy.RolesFor("coordination.unknown.v1.Anything/Do"));
        Assert.False(Policy.IsAnonymous("coordination.unknown.v1.Anything/Do"));
    }

    [Fact]
    public void Health_and_self_registration_are_anonymous_and_only_they()
    {
        Assert.True(Policy.IsAnonymous("grpc.health.v1.Health/Check"));
        Assert.True(Policy.IsAnonymous("/coordination.donors.v1.DonorEnterprises/RegisterEnterprise"));
        Assert.False(Policy.IsAnonymous("coordination.donors.v1.DonorEnterprises/ApproveEnterprise"));
    }

    [Fact]
    public void Reads_are_told_from_writes_for_the_audit()
    {
        Assert.True(Policy.IsRead("coordination.households.v1.HouseholdRegistry/GetHousehold"));
        Assert.True(Policy.IsRead("coordination.ledger.v1.AidLedger/CheckAidGrant"));
        Assert.False(Policy.IsRead("coordination.households.v1.HouseholdRegistry/RegisterHousehold"));
        Assert.False(Policy.IsRead("coordination.donors.v1.DonorEnterprises/ApproveEnterprise"));
    }

    [Theory]
    [InlineData("GET", "/api/v1/households/2f1b7f9e-0000-0000-0000-000000000000", "coordination.households.v1.HouseholdRegistry/GetHousehold")]
    [InlineData("GET", "/api/v1/ledger/aid-duplicates", "coordination.ledger.v1.AidLedger/ListAidDuplicates")]
    [InlineData("POST", "/api/v1/households/persons:resolve", "coordination.households.v1.HouseholdRegistry/ResolveNationalId")]
    [InlineData("POST", "/api/v1/donors/enterprises/abc:approve", "coordination.donors.v1.DonorEnterprises/ApproveEnterprise")]
    [InlineData("POST", "/api/v1/donors/enterprises", "coordination.donors.v1.DonorEnterprises/RegisterEnterprise")]
    [InlineData("GET", "/api/v1/donors/enterprises/abc/trace", "coordination.donors.v1.DonorEnterprises/GetTrace")]
    public void A_REST_route_is_judged_by_the_gRPC_method_its_transcoding_reaches(string verb, string path, string method) =>
        Assert.Equal(method, RestRoutes.FromContracts().Find(verb, path));

    [Fact]
    public void A_path_outside_the_contracts_reaches_no_method() =>
        Assert.Null(RestRoutes.FromContracts().Find("GET", "/api/v1/households/x/y/z"));
}
