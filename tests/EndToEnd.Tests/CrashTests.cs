using Coordination.Education.V1;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace Coordination.EndToEnd.Tests;

[Collection(SuiteCollection.Name)]
public class CrashTests(SuiteFixture suite)
{
    [RabbitMqFact]
    public async Task An_event_committed_by_a_process_that_dies_before_publishing_leaves_when_it_restarts()
    {
        var directory = TestEnvironment.CreateTempDirectory();
        var settings = new Dictionary<string, string?>(TestEnvironment.RabbitMqSettings())
        {
            ["Persistence:DataDirectory"] = directory,
            // The first life never relays: it dies between the commit and the publish.
            ["Messaging:Outbox:Enabled"] = "false",
        };
        string householdId;
        await using (var firstLife = ServiceProcess.Start("households-first-life", "services/Households", directory, settings))
        {
            await firstLife.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            using var channel = firstLife.Channel();
            householdId = (await new HouseholdRegistry.HouseholdRegistryClient(channel).RegisterHouseholdAsync(People.Family())).HouseholdId;
        } // killed

        var education = new EducationAid.EducationAidClient(suite.GatewayChannel);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var early = await Assert.ThrowsAsync<RpcException>(() =>
            education.GetKnownHouseholdAsync(new GetKnownHouseholdRequest { HouseholdId = householdId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, early.StatusCode);

        settings["Messaging:Outbox:Enabled"] = "true";
        await using var secondLife = ServiceProcess.Start("households-second-life", "services/Households", directory, settings);
        await secondLife.WaitHealthyAsync(TimeSpan.FromSeconds(60));

        var known = await Eventually.GetAsync(async () =>
        {
            try { return await education.GetKnownHouseholdAsync(new GetKnownHouseholdRequest { HouseholdId = householdId }); }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        }, TimeSpan.FromSeconds(15), "the restarted process to publish what its first life committed");
        Assert.Equal(3, known.Members.Count);
    }
}
