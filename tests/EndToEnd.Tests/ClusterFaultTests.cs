using System.Collections.Concurrent;
using System.Diagnostics;
using Coordination.Education.V1;
using Coordination.Households.V1;
using Coordination.Ledger.V1;
using Coordination.Medical.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;
using Xunit.Abstractions;

namespace Coordination.EndToEnd.Tests;

/// <summary>
/// The cluster mode survives crashes: while two departments grant through the gateway, a ledger
/// replica, an education replica and a RabbitMQ node are killed with SIGKILL and started again.
/// Every grant a department accepted reaches the ledger exactly once, and nothing is left behind
/// in an outbox or a queue.
/// </summary>
[Collection(ClusterFaultCollection.Name)]
public class ClusterFaultTests(ClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private const int Households = 16;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>A grant to make: which department, for whom, and education's idempotency key (medical's is the member and year).</summary>
    private sealed record Job(string Department, string HouseholdId, string PersonId, string RequestId);

    [ClusterFact]
    public async Task Grants_during_crashes_of_replicas_and_a_broker_node_reach_the_ledger_exactly_once()
    {
        var clock = Stopwatch.StartNew();
        using var channel = cluster.Gateway.Channel();
        var registry = new HouseholdRegistry.HouseholdRegistryClient(channel);
        var education = new EducationAid.EducationAidClient(channel);
        var medical = new MedicalAid.MedicalAidClient(channel);
        var ledger = new AidLedger.AidLedgerClient(channel);

        // Households known to both departments, each child enrolled at school.
        var jobs = new ConcurrentBag<Job>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Households), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, ct) =>
        {
            var h = await registry.RegisterHouseholdAsync(People.Family(), cancellationToken: ct);
            var child = h.Members.Single(m => m.Relation == Relation.Child).PersonId;
            await UntilAcceptedAsync(() => education.EnrolStudentAsync(new EnrolStudentRequest
            {
                PersonId = child, SchoolCode = "520402-PS-01", SchoolName = "某村小学", Stage = Stage.Primary,
            }).ResponseAsync, "education to enrol " + child);
            jobs.Add(new Job("education", h.HouseholdId, child, "fault-" + Guid.NewGuid()));
            foreach (var member in h.Members) jobs.Add(new Job("medical", h.HouseholdId, member.PersonId, ""));
        });
        output.WriteLine($"{Households} households registered and enrolled at {clock.Elapsed.TotalSeconds:0.0} s");

        // The burst: four paced callers; the crashes come once a tenth is accepted, so most grants meet
        // the outage. A failed call is retried with the same key until a replica accepts it.
        var accepted = new ConcurrentDictionary<Job, string>();
        var queue = new ConcurrentQueue<Job>(jobs.OrderBy(_ => Random.Shared.Next()));
        var failures = 0;
        var crashTime = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var burst = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var job))
            {
                accepted[job] = await UntilAcceptedAsync(() => GrantAsync(job), $"{job.Department} to grant {job.PersonId}", () => Interlocked.Increment(ref failures));
                if (accepted.Count >= jobs.Count / 10) crashTime.TrySetResult();
                await Task.Delay(300);
            }
        })));

        await Task.WhenAny(crashTime.Task, burst);
        var acceptedBeforeTheCrash = accepted.Count;
        output.WriteLine($"killing at {clock.Elapsed.TotalSeconds:0.0} s");
        await Task.WhenAll(cluster.KillAsync("ledger-a"), cluster.KillAsync("education-a"), cluster.Broker.KillAsync(0));
        output.WriteLine($"killed ledger-a, education-a and {cluster.Broker.Nodes[0].Node} at {clock.Elapsed.TotalSeconds:0.0} s, {acceptedBeforeTheCrash}/{jobs.Count} grants accepted");
        // The crashes must fall inside the burst, or the test would prove nothing.
        Assert.True(acceptedBeforeTheCrash < jobs.Count, "the burst ended before the crashes");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await Task.WhenAll(cluster.RestartAsync("ledger-a"), cluster.RestartAsync("education-a"), cluster.Broker.RestartAsync(0));
        output.WriteLine($"restarted at {clock.Elapsed.TotalSeconds:0.0} s, {accepted.Count}/{jobs.Count} grants accepted");
        await burst;
        output.WriteLine($"burst done at {clock.Elapsed.TotalSeconds:0.0} s: {accepted.Count} grants, {failures} failed calls retried");

        // Every accepted grant in its household's ledger, once; no other grant there.
        var expected = accepted.GroupBy(a => a.Key.HouseholdId).ToDictionary(g => g.Key, g => g.Select(a => a.Value).Order().ToList());
        await Eventually.TrueAsync(async () =>
        {
            foreach (var (household, grants) in expected)
                if ((await ledger.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household })).Grants.Count < grants.Count) return false;
            return true;
        }, Patience, "every accepted grant in the ledger\n" + cluster.Logs());
        await Task.Delay(TimeSpan.FromSeconds(2)); // a redelivered copy would have counted by now
        foreach (var (household, grants) in expected)
        {
            var aid = await ledger.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household });
            Assert.Equal(grants, aid.Grants.Select(g => g.GrantId).Order());
        }

        // Nothing left behind: every outbox row marked sent, every queue empty (errors included).
        foreach (var service in ClusterFixture.Replicated.Concat(ClusterFixture.Single))
            await Eventually.TrueAsync(async () => await cluster.UnsentOutboxRowsAsync(service) == 0, Patience, $"{service}'s outbox to empty");
        var queues = await cluster.Broker.QueuesAsync();
        for (var deadline = DateTime.UtcNow + Patience; queues.Any(q => q.Messages > 0) && DateTime.UtcNow < deadline; queues = await cluster.Broker.QueuesAsync())
            await Task.Delay(500);
        Assert.True(queues.All(q => q.Messages == 0), "queues still holding messages: " + string.Join(", ", queues.Where(q => q.Messages > 0)) + "\n" + cluster.Logs());
        Assert.Contains(queues, q => q.Queue.Contains("ledger", StringComparison.Ordinal));
        output.WriteLine($"verified at {clock.Elapsed.TotalSeconds:0.0} s");

        async Task<string> GrantAsync(Job job) => job.Department == "education"
            ? (await education.GrantBenefitAsync(new GrantBenefitRequest
            {
                RequestId = job.RequestId, PersonId = job.PersonId, BenefitType = Education.V1.BenefitType.TuitionWaiver, AmountFen = 60_000,
            })).GrantId
            : (await medical.EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = job.PersonId, Year = DateTime.UtcNow.Year, PremiumFen = 32_000 })) is
            { SubsidyGrantId.Length: > 0 } enrolment ? enrolment.SubsidyGrantId : throw new InvalidOperationException("No premium subsidy for " + job.PersonId);
    }

    /// <summary>
    /// Calls until a replica accepts. Unavailable and Internal are the crashes (the gateway's proxy
    /// errors); NotFound and FailedPrecondition a department that has not yet learnt of the household.
    /// </summary>
    private static async Task<T> UntilAcceptedAsync<T>(Func<Task<T>> call, string what, Action? failed = null) where T : class =>
        await Eventually.GetAsync(async () =>
        {
            try { return await call(); }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted
                or StatusCode.DeadlineExceeded or StatusCode.NotFound or StatusCode.FailedPrecondition)
            {
                failed?.Invoke();
                return null;
            }
        }, Patience, what);
}
