using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Coordination.Benchmarks.LedgerIngest;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Ledger;
using Coordination.Ledger.Data.Migrations.Sqlite;
using Coordination.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

// Usage: dotnet run -c Release --project tests/Benchmarks/LedgerIngest -- [amqp-url] [--scale 1.0] [--seconds 20] [--warmup 30] [--burst 5000] [--rounds 3]
//        [--rate 500] [--concurrency 16] [--prefetch 256] [--sync-normal] [--skip-query | --query-only]
//        [--data dir] [--calls 5000] [--page-size 0] [--skip-latency] [--settle 1000] [--stackable-only] [--broker-pid PID]
// --concurrency/--prefetch set the services' Messaging options (and the raw baseline's alike);
// --sync-normal runs both SQLite databases with PRAGMA synchronous=NORMAL instead of SQLite's FULL.
// 1. latency: a department commits grants (outbox) at a steady 500/s; each grant's time from that
//    commit to the ledger's inbox commit of it, p50/p99;
// 2. ingest: N grants sent straight to the ledger's queue, and the same N to a raw MassTransit
//    consumer (same prefetch and concurrency, no database) and to the durable floor (DurableFloor.cs:
//    the inbox and grant rows alone, group-committed with hand-written SQL): messages/s of each and
//    the ratios, each burst after a pause of --settle ms; with each, the machine's busy cores and (given --broker-pid,
//    the PID of RabbitMQ's beam.smp) the broker's processor time per message, both from /proc;
// 3. query: GetHouseholdAid p50/p99 over gRPC with scale × 1,000,000 households and scale × 10,000,000
//    grants bulk-inserted into the ledger's SQLite with raw SQL (kept under --data for the next run),
//    next to two baselines taking turns with it: a liveness health check with the same token (gRPC and
//    token validation alone) and GetHouseholdAid of a household without grants; and each call's
//    processor time, which the load of a shared machine disturbs less than its wall time.
var url = args.FirstOrDefault(a => a.StartsWith("amqp://", StringComparison.Ordinal)) ?? Environment.GetEnvironmentVariable("COORDINATION_TEST_RABBITMQ")
    ?? throw new InvalidOperationException("Give the RabbitMQ URL as an argument or in COORDINATION_TEST_RABBITMQ.");
double Option(string name, double fallback) => Array.IndexOf(args, name) is var i and >= 0 ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
var scale = Option("--scale", 1.0);
var seconds = (int)Option("--seconds", 20);
var warmup = (int)Option("--warmup", 30);
var rounds = (int)Option("--rounds", 3);
var burst = (int)Option("--burst", 5000);
var Settle = TimeSpan.FromMilliseconds(Option("--settle", 1000));
var concurrency = (int)Option("--concurrency", 16);
var prefetch = (int)Option("--prefetch", 256); // the services' default (MessagingOptions)
var syncNormal = args.Contains("--sync-normal");
var stackableOnly = args.Contains("--stackable-only"); // industry dividends only: no rule to judge, no need to meet
var Rate = (int)Option("--rate", 500);
var brokerPid = (int)Option("--broker-pid", 0);
var dataOption = Array.IndexOf(args, "--data") is var d and >= 0 ? args[d + 1] : null;
var rabbit = RabbitSettings(new Uri(url));
rabbit["Messaging:ConcurrentMessageLimit"] = concurrency.ToString(CultureInfo.InvariantCulture);
rabbit["Messaging:PrefetchCount"] = prefetch.ToString(CultureInfo.InvariantCulture);
Console.WriteLine($"prefetch {prefetch}, {concurrency} at once per consumer, SQLite synchronous={(syncNormal ? "NORMAL" : "FULL")}");
var root = Path.Combine(Path.GetTempPath(), "ledger-ingest-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(root);
Console.WriteLine($"RabbitMQ {rabbit["Messaging:RabbitMq:Host"]}:{rabbit["Messaging:RabbitMq:Port"]}/{rabbit["Messaging:RabbitMq:VirtualHost"]}, files under {root}");

// ---- 1 and 2: the ledger in process on RabbitMQ, fed by a department's outbox ----
var ledgerConnection = $"Data Source={Path.Combine(Path.Combine(root, "ledger"), "ledger.db")}";
const string LedgerConsumer = "ledger-aid-granted";
(Guid Household, Guid Person)[] members = [];
var monthsGiven = new Dictionary<Guid, int>();
var (Industry, Education, Medical, Donor) = (new Grantor(GrantorKind.Department, "industry", "产业扶贫"), new Grantor(GrantorKind.Department, "education", "教育局"),
    new Grantor(GrantorKind.Department, "medical", "医保局"), new Grantor(GrantorKind.Enterprise, "91520402MA6DM5X12L", "安顺某茶叶公司"));
var ledgerConsumed = new ConsumedGrants();
IHost department = null!;
if (!args.Contains("--query-only"))
{
    var ledgerDir = Path.Combine(root, "ledger");
    var (ledger, ledgerPort) = await StartLedgerAsync(ledgerDir, rabbit, syncNormal);
    // Grants for households the ledger knows from the registry's events, as in production: each batch
    // looks up their open needs and evaluates those a grant could meet (at first, the lack of capital of many).
    members = await RegisterAsync(ledger, 2000);
    // Counts the grants whose consume has completed, i.e. whose group commit has: polling the ledger's
    // database for them would take a share of the processor the ledger is measured on.
    ledger.Services.GetRequiredService<IBus>().ConnectConsumeObserver(ledgerConsumed);
    department = await Department.StartAsync(Path.Combine(root, "department.db"), rabbit, syncNormal);

    // Warm-up at the measured rate: JIT (tiered, with its profiling tier), EF's caches, channels, queues.
    // A cold process spends a sixth of its processor time in the JIT for its first twenty seconds or so.
    await CommitAndWaitAsync(Rate * warmup, Rate);
    if (!args.Contains("--skip-latency"))
    {
        var (cpu, gcs) = (ProcessorTime(), GcCounts());
        var (latencies, achieved) = await CommitAndWaitAsync(Rate * seconds, Rate);
        (cpu, gcs) = (ProcessorTime() - cpu, GcCounts() - gcs);
        latencies.Sort();
        Console.WriteLine();
        Console.WriteLine($"latency, department commit → ledger commit, {latencies.Count:N0} grants at {achieved:N0}/s (target {Rate}/s):");
        Console.WriteLine($"  p50 {Percentile(latencies, 0.50):N1} ms   p99 {Percentile(latencies, 0.99):N1} ms   max {latencies[^1]:N1} ms   (targets p50 ≤ 10, p99 ≤ 50)");
        Console.WriteLine($"  processor time per grant (department, relay and ledger; RabbitMQ's not counted): {cpu.TotalMilliseconds / latencies.Count:N3} ms");
        Console.WriteLine($"  garbage collections: {gcs} ({gcs.Allocated / 1024.0 / latencies.Count:N0} KB per grant)");
    }

    Console.WriteLine();
    Console.WriteLine($"ingest of {burst:N0} grants sent at once, raw, floor, then ledger, {rounds} rounds after five warm-up bursts of each" +
        " (rate; processor time per grant of this process's sender and consumer, and of RabbitMQ; the machine's busy cores):");
    var (ratios, floorRatios, overFloor) = (new List<double>(), new List<double>(), new List<double>());
    await using var floor = await DurableFloor.StartAsync(Path.Combine(root, "floor.db"), prefetch / 2, syncNormal);
    await foreach (var (round, raw, durable, ledgerIngest) in IngestAsync(burst, rounds, floor))
    {
        ratios.Add(ledgerIngest.Rate / raw.Rate);
        floorRatios.Add(durable.Rate / raw.Rate);
        overFloor.Add(ledgerIngest.Rate / durable.Rate);
        Console.WriteLine($"  {round}. raw MassTransit publish→consume {raw.Rate,6:N0} msg/s {raw.Describe(burst)};" +
            $" floor (inbox and grant rows) {durable.Rate,6:N0} msg/s {durable.Describe(burst)};" +
            $" ledger (inbox, rules, needs) {ledgerIngest.Rate,6:N0} msg/s {ledgerIngest.Describe(burst)}; ratio {ratios[^1]:N2} (floor {floorRatios[^1]:N2})" +
            $"   (GC paused {raw.Gc.Paused.TotalMilliseconds:N0} / {durable.Gc.Paused.TotalMilliseconds:N0} / {ledgerIngest.Gc.Paused.TotalMilliseconds:N0} ms)");
    }
    Console.WriteLine($"  ratio, median of the rounds: {Median(ratios):N2} (target ≥ 0.7); the floor's: {Median(floorRatios):N2}; the ledger over the floor: {Median(overFloor):N2}");
    await department.StopAsync();
    department.Dispose();
    await ledger.StopAsync();
}

// ---- 3: the household aid query on a large SQLite ledger ----
if (!args.Contains("--skip-query"))
{
    var householdCount = (int)(1_000_000 * scale);
    var grantCount = householdCount * 10;
    // --data keeps the generated ledger (one per scale) for the next run: generation at full scale takes minutes.
    var queryDir = dataOption is null ? Path.Combine(root, "query") : Path.Combine(Path.GetFullPath(dataOption), $"ledger-{householdCount}");
    Directory.CreateDirectory(queryDir);
    var queryFile = Path.Combine(queryDir, "ledger.db");
    var complete = Path.Combine(queryDir, "complete");
    Console.WriteLine();
    if (File.Exists(complete))
        Console.WriteLine($"query: {householdCount:N0} households and {grantCount:N0} grants kept from an earlier run in {queryDir}");
    else
    {
        if (File.Exists(queryFile)) File.Delete(queryFile);
        var watch = Stopwatch.StartNew();
        await BulkLedger.CreateAsync(queryFile, householdCount, 10);
        if (dataOption is not null) await File.WriteAllTextAsync(complete, "");
        Console.WriteLine($"query: {householdCount:N0} households and {grantCount:N0} grants generated with raw SQL in {watch.Elapsed.TotalSeconds:N0} s");
    }
    Console.WriteLine($"  ledger file {new FileInfo(queryFile).Length / 1024.0 / 1024 / 1024:N2} GB");
    // A ledger that has run for a while has its file in the operating system's cache; a file kept from
    // an earlier run and not read since is on disk, and each call's random page reads measured the disk
    // (several times slower). One sequential read brings it in, as it would be.
    var caching = Stopwatch.StartNew();
    var buffer = new byte[1 << 20];
    await using (var file = new FileStream(queryFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0))
        while (await file.ReadAsync(buffer) > 0) { }
    Console.WriteLine($"  read once into the operating system's cache in {caching.Elapsed.TotalSeconds:N0} s");
    var (queryHost, grpcPort) = await StartLedgerAsync(queryDir, new Dictionary<string, string?> { ["Messaging:Transport"] = "InMemory", ["Messaging:Outbox:Enabled"] = "false" }, false);
    // The ledger validates tokens as in production: signed by this run's own key, as a coordinator.
    using var channel = TestTokens.Channel(new Uri($"http://127.0.0.1:{grpcPort}"),
        TestTokens.For(TestCaller.WithRoles(Coordination.BuildingBlocks.Security.Roles.Coordinator), key: RunSigningKey.Key));
    var client = new Coordination.Ledger.V1.AidLedger.AidLedgerClient(channel);
    var health = new Grpc.Health.V1.Health.HealthClient(channel);
    // "alive" runs only the liveness check (see StartLedgerAsync): gRPC, the token's validation and the interceptors, nothing else.
    var Alive = new Grpc.Health.V1.HealthCheckRequest { Service = "alive" };
    var calls = (int)Option("--calls", 5000);
    var pageSize = (int)Option("--page-size", 0);
    var random = new Random(8);
    Coordination.Ledger.V1.GetHouseholdAidRequest Random() => new() { HouseholdId = BulkLedger.HouseholdId(random.Next(householdCount)).ToString(), PageSize = pageSize };
    // A household the ledger has never seen: the whole path (token, policy, scope, DbContext, one index probe) without rows.
    var unknown = new Coordination.Ledger.V1.GetHouseholdAidRequest { HouseholdId = Guid.NewGuid().ToString() };
    // Warm-up, as for the latency: until the JIT's tiers have settled (half a minute of calls).
    for (var warming = Stopwatch.StartNew(); warming.Elapsed < TimeSpan.FromSeconds(warmup);)
    {
        await client.GetHouseholdAidAsync(Random());
        await client.GetHouseholdAidAsync(unknown);
        await health.CheckAsync(Alive);
    }
    // The three calls take turns, so that the machine's noise (2 shared cores) falls on each alike
    // and the ratios mean something even when the absolute figures do not.
    var (query, empty, trivial) = (new List<double>(calls), new List<double>(calls), new List<double>(calls));
    var grants = 0;
    var (gen0, gen1, gen2, pause) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    for (var i = 0; i < calls; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await health.CheckAsync(Alive);
        trivial.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        start = Stopwatch.GetTimestamp();
        await client.GetHouseholdAidAsync(unknown);
        empty.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        var request = Random();
        start = Stopwatch.GetTimestamp();
        var aid = await client.GetHouseholdAidAsync(request);
        query.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        grants += aid.Grants.Count;
    }
    Console.WriteLine($"  {calls:N0} rounds of three calls over gRPC with a coordinator's token (page size {(pageSize == 0 ? "all" : pageSize)}):");
    Report("health check, liveness only (the baseline)", trivial, null);
    Report("GetHouseholdAid, household unknown", empty, trivial);
    Report($"GetHouseholdAid, {grants / (double)calls:N1} grants + totals", query, trivial);
    Console.WriteLine($"  target: GetHouseholdAid p99 ≤ 5 ms. GC during the rounds (client and server, one process): " +
        $"gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}, " +
        $"paused {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:N0} ms in all");
    // Processor time per call, each call alone for a block: what a call costs whatever the machine's load
    // (wall times on 2 shared cores mostly measure the others' work). Client and server share the process.
    var cpu = new List<string>();
    foreach (var (name, call) in new (string, Func<Task>)[]
    {
        ("health check", async () => await health.CheckAsync(Alive)),
        ("household unknown", async () => await client.GetHouseholdAidAsync(unknown)),
        ("GetHouseholdAid", async () => await client.GetHouseholdAidAsync(Random())),
    })
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < calls / 2; i++) await call();
        cpu.Add($"{name} {(Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / (calls / 2):N3} ms");
    }
    Console.WriteLine($"  processor time per call (client and server): {string.Join(", ", cpu)}");
    await queryHost.StopAsync();
}
Directory.Delete(root, recursive: true);
return;

// Publishes generated households' HouseholdRegistered as the registry does and waits until the
// ledger's directory holds them (with their first needs); returns their members.
async Task<(Guid Household, Guid Person)[]> RegisterAsync(WebApplication ledger, int count)
{
    var generator = new Coordination.Households.Synthetic.HouseholdGenerator(2026);
    var bus = ledger.Services.GetRequiredService<IBus>();
    for (var i = 0; i < count; i++) await bus.Publish(RegistryEvent.Registered(generator.Next()).Event);
    await using var connection = new SqliteConnection(ledgerConnection);
    await connection.OpenAsync();
    var known = connection.CreateCommand();
    known.CommandText = "SELECT COUNT(*) FROM KnownHouseholds";
    var deadline = DateTime.UtcNow.AddMinutes(2);
    while ((long)(await known.ExecuteScalarAsync())! < count)
    {
        if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"the ledger learnt only {await known.ExecuteScalarAsync()} of {count} households");
        await Task.Delay(200);
    }
    var command = connection.CreateCommand();
    command.CommandText = "SELECT HouseholdId, Id FROM KnownMembers";
    var people = new List<(Guid, Guid)>(count * 4);
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync()) people.Add((Guid.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1))));
    return [.. people];
}

// Commits `count` grants one transaction each at `rate`/s through the department's outbox, waits
// until the ledger's inbox holds them all, and returns each one's commit → ledger-commit time.
async Task<(List<double> Latencies, double Achieved)> CommitAndWaitAsync(int count, int rate)
{
    var committed = new Dictionary<Guid, DateTime>(count);
    var started = Stopwatch.StartNew();
    var interval = TimeSpan.FromSeconds(1.0 / rate);
    for (var i = 0; i < count; i++)
    {
        var due = interval * i;
        if (due > started.Elapsed) await Task.Delay(due - started.Elapsed);
        using var scope = department.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DepartmentDbContext>();
        db.AddIntegrationEvent(NewGrant());
        var row = db.OutboxMessages.Local.Single();
        await db.SaveChangesAsync();
        committed[row.Id] = DateTime.UtcNow;
    }
    var achievedRate = count / started.Elapsed.TotalSeconds;
    var ids = committed.Keys.ToHashSet();
    var seen = new Dictionary<Guid, DateTime>();
    var deadline = DateTime.UtcNow.AddMinutes(5);
    while (seen.Count < count && DateTime.UtcNow < deadline)
    {
        await using var connection = new SqliteConnection(ledgerConnection);
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT MessageId, ProcessedAt FROM InboxMessages WHERE Consumer = $c";
        command.Parameters.AddWithValue("$c", LedgerConsumer);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = Guid.Parse(reader.GetString(0));
            if (ids.Contains(id)) seen[id] = DateTime.SpecifyKind(DateTime.Parse(reader.GetString(1), CultureInfo.InvariantCulture), DateTimeKind.Utc);
        }
        if (seen.Count < count) await Task.Delay(200);
    }
    if (seen.Count < count) throw new TimeoutException($"only {seen.Count} of {count} grants reached the ledger");

    return (seen.Select(s => (s.Value - committed[s.Key]).TotalMilliseconds).ToList(), achievedRate);
}

// The machine's processor time spent other than idle or waiting for I/O, all cores (/proc/stat, in
// clock ticks of 10 ms): the broker and this process share two cores, so what one takes the other lacks.
static TimeSpan MachineBusy()
{
    var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
    return TimeSpan.FromMilliseconds((ticks.Sum() - ticks[3] - ticks[4]) * 10);
}

// RabbitMQ's user and system time (/proc/PID/stat, fields 14 and 15); zero when no PID was given.
static TimeSpan BrokerTime(int pid)
{
    if (pid == 0) return TimeSpan.Zero;
    var fields = File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ');
    return TimeSpan.FromMilliseconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10);
}

static TimeSpan ProcessorTime() => Process.GetCurrentProcess().TotalProcessorTime;

static GcCount GcCounts() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());

// The same grants to a raw consumer and to the ledger's queue, sent as fast as MassTransit sends; a
// few warm-up bursts to each first (the raw consumer's bus is new), then `rounds` of the two in turn, so that
// the noise of a shared machine falls on both alike.
async IAsyncEnumerable<(int Round, Phase Raw, Phase Floor, Phase Ledger)> IngestAsync(int n, int rounds, DurableFloor floor)
{
    var received = 0;
    var expected = 0;
    var allIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
    {
        cfg.Host(rabbit["Messaging:RabbitMq:Host"], ushort.Parse(rabbit["Messaging:RabbitMq:Port"]!, CultureInfo.InvariantCulture), rabbit["Messaging:RabbitMq:VirtualHost"], h =>
        {
            h.Username(rabbit["Messaging:RabbitMq:Username"]!);
            h.Password(rabbit["Messaging:RabbitMq:Password"]!);
        });
        // The services' settings, as the ledger runs with them.
        cfg.PrefetchCount = prefetch;
        cfg.ReceiveEndpoint("bench-raw-aid-granted", e =>
        {
            e.ConfigureConsumeTopology = false;
            e.ConcurrentMessageLimit = concurrency;
            e.Handler<AidGranted>(_ =>
            {
                if (Interlocked.Increment(ref received) == Volatile.Read(ref expected)) allIn.TrySetResult();
                return Task.CompletedTask;
            });
        });
        // Like the ledger's group-committed endpoint: every prefetched message may wait for the next commit.
        cfg.ReceiveEndpoint("bench-floor-aid-granted", e =>
        {
            e.ConfigureConsumeTopology = false;
            e.ConcurrentMessageLimit = prefetch;
            e.Handler<AidGranted>(async context =>
            {
                await floor.SubmitAsync(context.MessageId!.Value, context.Message);
                if (Interlocked.Increment(ref received) == Volatile.Read(ref expected)) allIn.TrySetResult();
            });
        });
    });
    await bus.StartAsync();
    try
    {
        // The raw consumer's bus is new: its first bursts run partly on code not yet compiled at its best.
        for (var i = 0; i < 5; i++) await BurstAsync(Math.Min(n, 5000));
        for (var round = 1; round <= rounds; round++)
        {
            var (rawResult, floorResult, ledgerResult) = await BurstAsync(n);
            yield return (round, rawResult, floorResult, ledgerResult);
        }
    }
    finally
    {
        await bus.StopAsync();
    }

    async Task<(Phase Raw, Phase Floor, Phase Ledger)> BurstAsync(int count)
    {
        var messages = Enumerable.Range(0, count).Select(_ => NewGrant()).ToList();
        var raw = await bus.GetSendEndpoint(new Uri("queue:bench-raw-aid-granted"));
        var rawResult = await MeasureAsync(() => SendAllAsync(raw, messages), Received);
        var floorQueue = await bus.GetSendEndpoint(new Uri("queue:bench-floor-aid-granted"));
        var floorResult = await MeasureAsync(() => SendAllAsync(floorQueue, messages), Received);
        var ledgerQueue = await bus.GetSendEndpoint(new Uri("queue:" + LedgerConsumer));
        var ledgerResult = await MeasureAsync(() => SendAllAsync(ledgerQueue, messages), () => ledgerConsumed.After(count));
        return (rawResult, floorResult, ledgerResult);

        // The raw and the floor consumers count on one counter, one phase at a time.
        Task Received()
        {
            (received, allIn) = (0, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            Volatile.Write(ref expected, count);
            return allIn.Task;
        }

        async Task<Phase> MeasureAsync(Func<Task> send, Func<Task> consumed)
        {
            // Each phase starts on a quiet machine: the previous one's acknowledgements, RabbitMQ's upkeep
            // of its queue and garbage collection land on neither. Without the pause they fell on the
            // second phase (whichever it was), costing it a fifth of its rate.
            await Task.Delay(Settle);
            var done = consumed();
            var (watch, cpu, gcs, busy, broker) = (Stopwatch.StartNew(), ProcessorTime(), GcCounts(), MachineBusy(), BrokerTime(brokerPid));
            await send();
            await done.WaitAsync(TimeSpan.FromMinutes(10));
            var elapsed = watch.Elapsed;
            return new Phase(count / elapsed.TotalSeconds, ProcessorTime() - cpu, GcCounts() - gcs,
                BrokerTime(brokerPid) - broker, (MachineBusy() - busy) / elapsed);
        }
    }
}

// Each with a time-ordered message id, as grants leave a service's outbox (the row's id, a version 7
// Guid), rather than MassTransit's own NewId, whose text form does not sort by time and so lands at a
// random place in the ledger's inbox index.
static async Task SendAllAsync(ISendEndpoint endpoint, List<AidGranted> messages)
{
    foreach (var chunk in messages.Chunk(200))
        await Task.WhenAll(chunk.Select(m => endpoint.Send(m, context => context.MessageId = Guid.CreateVersion7())));
}

// A year's mix of aid, as the departments and enterprises send it: industry dividends (stackable, for
// the household), enterprise donations (stackable), education living subsidies (exclusive per pupil and
// period: each person's next month from the current one, so none overlaps), medical assistance towards
// a bill of its own (capped by the expense). The exclusive and capped ones make each batch query their
// households' related grants; a school-age child's first subsidy meets its open need.
AidGranted NewGrant()
{
    var (household, person) = members[Random.Shared.Next(members.Length)];
    var year = DateTime.UtcNow.Year;
    var (yearStart, yearEnd) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
    var amount = Random.Shared.Next(1_000, 100_000);
    switch (stackableOnly ? 0 : Random.Shared.Next(10))
    {
        case < 4:
            return new AidGranted(Guid.CreateVersion7(), household, null, Industry, "光伏电站", "industry.dividend", amount, 0, yearStart, yearEnd, DateTime.UtcNow);
        case < 6:
            return new AidGranted(Guid.CreateVersion7(), household, null, Donor, "万企帮万村", "donor.money", amount, 0, yearStart, yearEnd, DateTime.UtcNow);
        case < 8:
            var month = new DateOnly(year, DateTime.UtcNow.Month, 1).AddMonths(CollectionsMarshal.GetValueRefOrAddDefault(monthsGiven, person, out _)++);
            return new AidGranted(Guid.CreateVersion7(), household, person, Education, "雨露计划", "education.living-subsidy", amount, 0, month, month.AddMonths(1).AddDays(-1), DateTime.UtcNow);
        default:
            return new AidGranted(Guid.CreateVersion7(), household, person, Medical, "医疗救助", "medical.assistance", amount, 0, yearStart, yearEnd, DateTime.UtcNow,
                $"BILL-{Guid.NewGuid():N}", amount * 2);
    }
}

static async Task<(WebApplication App, int GrpcPort)> StartLedgerAsync(string dataDirectory, IDictionary<string, string?> settings, bool syncNormal)
{
    var grpcPort = TestEnvironment.FreePort();
    // Development: the benchmark's broker is a local one with RabbitMQ's guest account, which hosts refuse elsewhere.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development, ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Hosting:GrpcPort"] = grpcPort.ToString(CultureInfo.InvariantCulture),
        ["Hosting:HttpPort"] = "0",
        ["Persistence:DataDirectory"] = dataDirectory,
        ["PersonalData:EncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["PersonalData:HashKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Security:SigningPublicKey"] = RunSigningKey.PublicKeyPem,
        ["Logging:LogLevel:Default"] = "Warning",
    });
    builder.Configuration.AddInMemoryCollection(settings);
    builder.AddLedgerService();
    builder.Services.Configure<Grpc.AspNetCore.HealthChecks.GrpcHealthChecksOptions>(o => o.Services.Map("alive", c => c.Tags.Contains("live")));
    if (syncNormal) builder.Services.ConfigureDbContext<SqliteLedgerDbContext>(o => o.AddInterceptors(new SynchronousNormal()));
    var app = builder.Build();
    app.MapLedgerService();
    await app.StartAsync();
    return (app, grpcPort);
}

static Dictionary<string, string?> RabbitSettings(Uri uri)
{
    var user = uri.UserInfo.Split(':');
    var vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
    return new()
    {
        ["Messaging:Transport"] = "RabbitMq",
        ["Messaging:RabbitMq:Host"] = uri.Host,
        ["Messaging:RabbitMq:Port"] = (uri.Port > 0 ? uri.Port : 5672).ToString(CultureInfo.InvariantCulture),
        ["Messaging:RabbitMq:VirtualHost"] = vhost.Length == 0 ? "/" : vhost,
        ["Messaging:RabbitMq:Username"] = user.Length > 0 && user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : "guest",
        ["Messaging:RabbitMq:Password"] = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : "guest",
    };
}

static void Report(string name, List<double> times, List<double>? baseline)
{
    times.Sort();
    var line = $"    {name,-42} p50 {Percentile(times, 0.50),6:N2} ms   p99 {Percentile(times, 0.99),6:N2} ms   max {times[^1],7:N2} ms";
    if (baseline is not null)
        line += $"   ×{Percentile(times, 0.50) / Percentile(baseline, 0.50):N1} / ×{Percentile(times, 0.99) / Percentile(baseline, 0.99):N1} the health check's";
    Console.WriteLine(line);
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

/// <summary>One burst to one consumer: its rate, this process's processor time, RabbitMQ's (zero unless
/// its PID was given) and the machine's busy cores on average.</summary>
internal readonly record struct Phase(double Rate, TimeSpan Cpu, GcCount Gc, TimeSpan Broker, double BusyCores)
{
    public string Describe(int messages) => string.Create(CultureInfo.InvariantCulture,
        $"{Cpu.TotalMilliseconds / messages:N3} ms{(Broker > TimeSpan.Zero ? $" + broker {Broker.TotalMilliseconds / messages:N3} ms" : "")}, {BusyCores:N2} cores");
}

internal readonly record struct GcCount(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
{
    public static GcCount operator -(GcCount a, GcCount b) =>
        new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused, a.Allocated - b.Allocated);

    public override string ToString() => $"gen0 {Gen0}, gen1 {Gen1}, gen2 {Gen2}, paused {Paused.TotalMilliseconds:N0} ms, {Allocated / 1024.0 / 1024:N0} MB allocated";
}

/// <summary>Completes a task once the ledger has consumed (and so committed) a number of grants more.</summary>
internal sealed class ConsumedGrants : IConsumeObserver
{
    private long _consumed;
    private (long Target, TaskCompletionSource Done)? _waiting;

    public Task After(int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting = (Interlocked.Read(ref _consumed) + count, done);
        return done.Task;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is not AidGranted) return Task.CompletedTask;
        var consumed = Interlocked.Increment(ref _consumed);
        if (_waiting is { } w && consumed >= w.Target) w.Done.TrySetResult();
        return Task.CompletedTask;
    }

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
