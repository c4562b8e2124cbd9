using Coordination.BuildingBlocks.Persistence;
using Coordination.Education.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;

namespace Coordination.Education.Tests;

/// <summary>The rules held by the database (one standing benefit per slot, one alert per person and term) on each provider.</summary>
public class ProviderTests
{
    [Fact]
    public Task Grants_and_alerts_round_trip_on_SQLite() => RoundTrip(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Grants_and_alerts_round_trip_on_PostgreSQL() => RoundTrip(DatabaseProvider.PostgreSql);

    private static async Task RoundTrip(DatabaseProvider provider)
    {
        await using var factory = await EducationFactory.CreateAsync(provider);
        var household = await factory.RegisterAsync(40, 10);
        var client = factory.Client();
        Assert.Single((await client.ListDropoutAlertsAsync(new ListDropoutAlertsRequest { RegionCode = "520402" })).Alerts);
        await factory.EnrolAsync(household.PersonIds[1]);

        var first = await client.GrantBenefitAsync(EducationFactory.Grant(household.PersonIds[1], BenefitType.LivingSubsidy));
        var twice = await Assert.ThrowsAsync<RpcException>(() =>
            client.GrantBenefitAsync(EducationFactory.Grant(household.PersonIds[1], BenefitType.LivingSubsidy)).ResponseAsync);
        await client.RevokeGrantAsync(new RevokeGrantRequest { GrantId = first.GrantId, Reason = "correction" });
        var second = await client.GrantBenefitAsync(EducationFactory.Grant(household.PersonIds[1], BenefitType.LivingSubsidy));
        // Two revoked grants may share the empty slot.
        await client.RevokeGrantAsync(new RevokeGrantRequest { GrantId = second.GrantId, Reason = "correction" });

        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        var student = await client.GetStudentAsync(new GetStudentRequest { PersonId = household.PersonIds[1].ToString() });
        Assert.Equal(2, student.Grants.Count);
        Assert.All(student.Grants, g => Assert.True(g.Revoked));
        Assert.Equal(first.GrantedAt, student.Grants[0].GrantedAt);
        Assert.Empty((await client.ListDropoutAlertsAsync(new ListDropoutAlertsRequest())).Alerts);
        Assert.True((await client.GetEducationGuaranteeAsync(new GetEducationGuaranteeRequest { HouseholdId = household.Id.ToString() })).Met);
    }
}
