using System.Diagnostics;
using Coordination.Education.V1;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace Coordination.EndToEnd.Tests;

/// <summary>
/// Nothing is lost when the broker goes away: events committed while RabbitMQ is down wait in the
/// outbox and arrive once it is back. The test runs its own RabbitMQ node, since it stops it.
/// </summary>
public class BrokerRestartTests
{
    [RabbitMqFact]
    public async Task Events_committed_while_the_broker_is_down_arrive_after_it_restarts()
    {
        var (port, directory) = (FreeAmqpPort(), TestEnvironment.CreateTempDirectory());
        var node = $"restart{Guid.NewGuid():N}"[..15] + "@localhost";
        await Broker("start", node, port.ToString(), directory);
        var processes = new List<ServiceProcess>();
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Persistence:DataDirectory"] = Path.Combine(directory, "db"),
                ["Messaging:RabbitMq:Port"] = port.ToString(),
                ["Messaging:Outbox:MaxBackoff"] = "00:00:02",
            };
            var households = ServiceProcess.Start("households", "services/Households", directory, settings);
            var education = ServiceProcess.Start("education", "services/Education", directory, settings);
            processes.AddRange([households, education]);
            await Task.WhenAll(processes.Select(p => p.WaitHealthyAsync(TimeSpan.FromSeconds(60))));
            using var registryChannel = households.Channel();
            using var educationChannel = education.Channel();
            var registry = new HouseholdRegistry.HouseholdRegistryClient(registryChannel);
            var known = new EducationAid.EducationAidClient(educationChannel);

            var before = await registry.RegisterHouseholdAsync(People.Family());
            await KnownAsync(known, before.HouseholdId, TimeSpan.FromSeconds(10));

            await Broker("stop", node, directory);
            var during = await registry.RegisterHouseholdAsync(People.Family()); // committed with its outbox row
            await Task.Delay(TimeSpan.FromSeconds(2)); // the relay tries, fails and backs off
            await Broker("start", node, port.ToString(), directory);

            var arrived = await KnownAsync(known, during.HouseholdId, TimeSpan.FromSeconds(60));
            Assert.Equal(during.Members.Count, arrived.Members.Count);
        }
        finally
        {
            foreach (var process in processes) await process.DisposeAsync();
            await Broker("stop", node, directory);
        }
    }

    private static async Task<KnownHousehold> KnownAsync(EducationAid.EducationAidClient education, string householdId, TimeSpan timeout) =>
        await Eventually.GetAsync(async () =>
        {
            try { return await education.GetKnownHouseholdAsync(new GetKnownHouseholdRequest { HouseholdId = householdId }); }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.Unavailable) { return null; }
        }, timeout, $"education to learn of household {householdId}");

    /// <summary>A free AMQP port whose distribution port (+20000, RabbitMQ's convention) is free too.</summary>
    private static int FreeAmqpPort()
    {
        while (true)
        {
            var port = TestEnvironment.FreePort();
            if (port + 20000 > 65535) continue;
            try
            {
                using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port + 20000);
                probe.Start();
                return port;
            }
            catch (System.Net.Sockets.SocketException) { }
        }
    }

    private static async Task Broker(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(ServiceProcess.RepositoryRoot, "deploy", "rabbitmq-node.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmq-node.sh {string.Join(' ', arguments)} failed:\n{await output}\n{await error}");
    }
}
