using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Contracts.Events;
using Coordination.Education.V1;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Xunit;

namespace Coordination.EndToEnd.Tests;

[Collection(SuiteCollection.Name)]
public class GatewayTests(SuiteFixture suite)
{
    private static readonly Dictionary<string, string> EmptyReadOf = new()
    {
        ["households"] = "HouseholdRegistry/GetHousehold", ["industry"] = "IndustryProjects/GetProject", ["education"] = "EducationAid/GetStudent",
        ["medical"] = "MedicalAid/GetClaim", ["donors"] = "DonorEnterprises/GetEnterprise", ["ledger"] = "AidLedger/EvaluateExit",
    };

    [RabbitMqFact]
    public async Task Every_service_is_healthy_over_grpc_health_and_routed_by_its_package()
    {
        foreach (var (name, service) in suite.Services)
        {
            using var channel = service.Channel();
            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

            // A read with an empty request, by its package's route: the service itself answers (the
            // gateway never says InvalidArgument), naming the missing id.
            var (grpcService, grpcMethod) = (EmptyReadOf[name].Split('/')[0], EmptyReadOf[name].Split('/')[1]);
            var error = await Assert.ThrowsAsync<RpcException>(() => CallEmptyAsync($"coordination.{name}.v1.{grpcService}", grpcMethod));
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.NotEmpty(error.FieldViolations());

            // A method no contract has, and a case variant of one that exists: the gateway serves neither.
            foreach (var (svc, m) in new[] { (grpcService, "Nothing"), (grpcService, char.ToLowerInvariant(grpcMethod[0]) + grpcMethod[1..]) })
            {
                var unknown = await Assert.ThrowsAsync<RpcException>(() => CallEmptyAsync($"coordination.{name}.v1.{svc}", m));
                Assert.Equal((StatusCode.Unimplemented, "No such method."), (unknown.StatusCode, unknown.Status.Detail));
            }
        }
        var gatewayHealth = await suite.GatewayHttp.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, gatewayHealth.StatusCode);
    }

    private Task<HealthCheckResponse> CallEmptyAsync(string service, string method) =>
        suite.GatewayChannel.CreateCallInvoker().AsyncUnaryCall(
            new Method<HealthCheckRequest, HealthCheckResponse>(MethodType.Unary, service, method,
                Marshallers.Create(r => r.ToByteArray(), HealthCheckRequest.Parser.ParseFrom), Marshallers.Create(r => r.ToByteArray(), HealthCheckResponse.Parser.ParseFrom)),
            null, new CallOptions(), new HealthCheckRequest()).ResponseAsync;

    [RabbitMqFact]
    public async Task A_household_registered_through_the_gateway_reads_back_masked_and_reaches_the_education_read_model()
    {
        var registry = new HouseholdRegistry.HouseholdRegistryClient(suite.GatewayChannel);
        var request = People.Family();
        await using var probe = await EventProbe<HouseholdRegistered>.StartAsync();

        var registered = await registry.RegisterHouseholdAsync(request);
        var published = await probe.WaitForAsync(e => e.HouseholdId.ToString() == registered.HouseholdId);
        Assert.Equal(3, published.Message.Members.Count);
        Assert.NotNull(published.MessageId); // the outbox row's id, for the consumers' inboxes

        var read = await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId });
        Assert.All(read.Members, m => Assert.Matches(@"^\*{17}[\dX]$", m.NationalId));
        Assert.DoesNotContain(read.Members, m => request.Members.Any(i => i.NationalId == m.NationalId || i.Name == m.Name));

        // HouseholdRegistered: households' outbox → RabbitMQ → education's inbox and read model.
        var education = new EducationAid.EducationAidClient(suite.GatewayChannel);
        var known = await Eventually.GetAsync(async () =>
        {
            try { return await education.GetKnownHouseholdAsync(new GetKnownHouseholdRequest { HouseholdId = registered.HouseholdId }); }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        }, TimeSpan.FromSeconds(10), "education to learn of the household\n" + suite.Logs());

        Assert.Equal(request.RegionCode, known.RegionCode);
        Assert.Equal(read.Members.Select(m => m.PersonId).Order(), known.Members.Select(m => m.PersonId).Order());
        var child = known.Members.Single(m => m.Relation == "Child");
        Assert.Equal("Primary", child.SchoolingStage);
    }

    [RabbitMqFact]
    public async Task The_gateway_routes_REST_to_the_services_HTTP_ports()
    {
        var registry = new HouseholdRegistry.HouseholdRegistryClient(suite.GatewayChannel);
        var registered = await registry.RegisterHouseholdAsync(People.Family());

        var read = await suite.GatewayHttp.GetFromJsonAsync<JsonElement>($"/api/v1/households/{registered.HouseholdId}");
        Assert.Equal(registered.RegistrationNumber, read.GetProperty("registrationNumber").GetString());

        var invalid = await suite.GatewayHttp.PostAsJsonAsync("/api/v1/households", new { regionCode = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("region_code", out _));
    }
}
