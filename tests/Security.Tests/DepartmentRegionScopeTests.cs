using System.Globalization;
using System.Net;
using Coordination.BuildingBlocks.Security;
using Coordination.Education.V1;
using Coordination.Households.V1;
using Coordination.Medical.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// Region scope as an attacker meets it, through the gateway and directly at the service processes:
/// a county's education and health bureaus (scope 520402) read and list their county's students and
/// claims, while the neighbouring county 520403's are PermissionDenied (403 over REST) and never listed.
/// The check is the services' own, so going around the gateway changes nothing.
/// </summary>
[Collection(SecuredSuiteCollection.Name)]
public class DepartmentRegionScopeTests(SecuredSuite suite)
{
    private static readonly TestCaller Education = TestCaller.WithRoles(Roles.DepartmentEducation).InRegions("520402");
    private static readonly TestCaller Medical = TestCaller.WithRoles(Roles.DepartmentMedical).InRegions("520402");

    [RabbitMqFact]
    public async Task A_county_s_education_and_medical_callers_see_only_their_county_over_the_gateway_and_at_the_services()
    {
        var (ownPupil, ownClaim) = await StudentWithClaimAsync("520402101201");
        var (otherPupil, otherClaim) = await StudentWithClaimAsync("520403101201");

        foreach (var (route, education, medical) in new (string, GrpcChannel, GrpcChannel)[]
                 {
                     ("gateway", suite.GatewayChannel(Education), suite.GatewayChannel(Medical)),
                     ("service", suite.Processes["education"].Channel(Education), suite.Processes["medical"].Channel(Medical)),
                 })
        {
            using (education)
            using (medical)
            {
                var students = new EducationAid.EducationAidClient(education);
                var claims = new MedicalAid.MedicalAidClient(medical);

                Assert.Equal(ownPupil, (await students.GetStudentAsync(new GetStudentRequest { PersonId = ownPupil })).PersonId);
                await AssertDenied(route, () => students.GetStudentAsync(new GetStudentRequest { PersonId = otherPupil }).ResponseAsync);
                var listed = (await students.ListStudentsAsync(new ListStudentsRequest { PageSize = 500 })).Enrolments;
                Assert.Contains(listed, e => e.PersonId == ownPupil);
                Assert.All(listed, e => Assert.StartsWith("520402", e.RegionCode));

                Assert.Equal(ownClaim, (await claims.GetClaimAsync(new GetClaimRequest { ClaimId = ownClaim })).ClaimId);
                await AssertDenied(route, () => claims.GetClaimAsync(new GetClaimRequest { ClaimId = otherClaim }).ResponseAsync);
                var filed = (await claims.ListClaimsAsync(new ListClaimsRequest { RegionCode = "52", PageSize = 500 })).Claims;
                Assert.Contains(filed, c => c.ClaimId == ownClaim);
                Assert.All(filed, c => Assert.StartsWith("520402", c.RegionCode));
            }
        }

        foreach (var (route, http) in new[] { ("gateway", suite.GatewayHttp(Education)), ("service", suite.Processes["education"].Http(Education)) })
        {
            using (http)
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/education/students/{ownPupil}")).StatusCode);
                Assert.True(HttpStatusCode.Forbidden == (await http.GetAsync($"/api/v1/education/students/{otherPupil}")).StatusCode, route);
            }
        }
        foreach (var (route, http) in new[] { ("gateway", suite.GatewayHttp(Medical)), ("service", suite.Processes["medical"].Http(Medical)) })
        {
            using (http)
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/medical/claims/{ownClaim}")).StatusCode);
                Assert.True(HttpStatusCode.Forbidden == (await http.GetAsync($"/api/v1/medical/claims/{otherClaim}")).StatusCode, route);
            }
        }
    }

    /// <summary>
    /// Registers a family in the village at the registry, waits until education and medical learnt it
    /// from the registry's events, enrols its child and files a bill for its head (as the broad test caller).
    /// </summary>
    private async Task<(string Pupil, string Claim)> StudentWithClaimAsync(string village)
    {
        using var registryChannel = suite.Processes["households"].Channel();
        var household = await new HouseholdRegistry.HouseholdRegistryClient(registryChannel).RegisterHouseholdAsync(People.Family(village));
        var pupil = household.Members.Single(m => m.Relation == Relation.Child).PersonId;
        var head = household.Members.Single(m => m.Relation == Relation.Head).PersonId;

        using var educationChannel = suite.Processes["education"].Channel();
        using var medicalChannel = suite.Processes["medical"].Channel();
        var education = new EducationAid.EducationAidClient(educationChannel);
        var medical = new MedicalAid.MedicalAidClient(medicalChannel);
        await Eventually.TrueAsync(async () => await Knows(() => education.GetKnownHouseholdAsync(new GetKnownHouseholdRequest { HouseholdId = household.HouseholdId }).ResponseAsync)
                && await Knows(() => medical.GetMedicalGuaranteeAsync(new GetMedicalGuaranteeRequest { HouseholdId = household.HouseholdId }).ResponseAsync),
            TimeSpan.FromSeconds(30), "education and medical to learn of the household");

        await education.EnrolStudentAsync(new EnrolStudentRequest
        {
            PersonId = pupil, SchoolCode = village[..6] + "-PS-01", SchoolName = "某村小学", Stage = Coordination.Education.V1.Stage.Primary,
        });
        var claim = await medical.FileClaimAsync(new FileClaimRequest
        {
            RequestId = Guid.NewGuid().ToString(), PersonId = head, Hospital = "六盘水市人民医院",
            ServiceDate = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), TotalCostFen = 100_000,
            DiagnosisCategory = DiagnosisCategory.CommonIllness, CareType = CareType.Outpatient,
        });
        return (pupil, claim.ClaimId);
    }

    private static async Task<bool> Knows(Func<Task> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }

    private static async Task AssertDenied(string route, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(StatusCode.PermissionDenied == error.StatusCode, $"{route}: {error.Status}");
    }
}
