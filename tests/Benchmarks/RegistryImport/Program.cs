using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.Benchmarks.RegistryImport;
using Coordination.Households;
using Coordination.Households.Data.Migrations.Sqlite;
using Coordination.Households.Deduplication;
using Coordination.Households.Synthetic;
using Coordination.Households.V1;
using Grpc.Core;
using Coordination.TestSupport;
using Microsoft.EntityFrameworkCore;

// Imports N generated households through the registry's gRPC stream into SQLite (the service in
// this process, on loopback Kestrel), then inserts the same rows with raw SQLite as the baseline.
// Usage: dotnet run -c Release --project tests/Benchmarks/RegistryImport -- [count] [seed]
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2026;
var root = Path.Combine(Path.GetTempPath(), "registry-import-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(root);
Console.WriteLine($"{count:N0} households (seed {seed}), databases under {root}");

var grpcPort = TestEnvironment.FreePort();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark", ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Hosting:GrpcPort"] = grpcPort.ToString(CultureInfo.InvariantCulture),
    ["Hosting:HttpPort"] = "0",
    ["Persistence:DataDirectory"] = Path.Combine(root, "service"),
    ["Messaging:Transport"] = "InMemory",
    // The import's work is to store each household with its outbox row; publishing them is the relay's, later.
    ["Messaging:Outbox:Enabled"] = "false",
    ["PersonalData:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["PersonalData:HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["Security:SigningPublicKey"] = RunSigningKey.PublicKeyPem,
    ["Logging:LogLevel:Default"] = "Warning",
});
builder.AddHouseholdsService();
var app = builder.Build();
app.MapHouseholdsService();
await app.StartAsync();

ImportHouseholdsResponse last;
TimeSpan serviceTime;
// CPU time per household next to the rates: on a machine shared with other work the rates move with
// the load, the CPU a household costs much less.
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
// The service validates tokens as in production: signed by this run's own key, as a coordinator.
using (var channel = TestTokens.Channel(new Uri($"http://127.0.0.1:{grpcPort}"),
    TestTokens.For(TestCaller.WithRoles(Coordination.BuildingBlocks.Security.Roles.Coordinator), key: RunSigningKey.Key)))
{
    var registry = new HouseholdRegistry.HouseholdRegistryClient(channel);
    var generator = new HouseholdGenerator(seed);
    var watch = Stopwatch.StartNew();
    using var call = registry.ImportHouseholds();
    var reading = Task.Run(async () =>
    {
        ImportHouseholdsResponse? final = null;
        var next = 100_000;
        await foreach (var progress in call.ResponseStream.ReadAllAsync())
        {
            final = progress;
            if (progress.Received >= next)
            {
                Console.WriteLine($"  {progress.Received,10:N0} read, {progress.Stored,10:N0} stored, {progress.Rejected:N0} rejected, {progress.Stored / watch.Elapsed.TotalSeconds,8:N0} households/s");
                next += 100_000;
            }
        }
        return final!;
    });
    for (var i = 0; i < count; i++) await call.RequestStream.WriteAsync(generator.Next());
    await call.RequestStream.CompleteAsync();
    last = await reading;
    serviceTime = watch.Elapsed;
}
var servicePeak = Process.GetCurrentProcess().PeakWorkingSet64;
var serviceCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
var protector = app.Services.GetRequiredService<PersonalDataProtector>();
var names = app.Services.GetRequiredService<PersonNames>();
await app.StopAsync();
var serviceRate = last.Stored / serviceTime.TotalSeconds;
Console.WriteLine($"service:  {last.Stored:N0} stored, {last.Rejected:N0} rejected in {serviceTime.TotalSeconds:N1} s: {serviceRate:N0} households/s");
if (last.Stored != count) Console.WriteLine($"WARNING: {count - last.Stored:N0} households were not stored: {string.Join("; ", last.RejectedRows.Take(3).Select(r => r.Message))}");

var baselineFile = Path.Combine(root, "baseline.db");
await using (var db = PersistenceExtensions.CreateContext<SqliteHouseholdsDbContext>(DatabaseProvider.Sqlite, $"Data Source={baselineFile}"))
{
    // The service's own schema and indexes, so that the baseline pays for the same indexes.
    await db.Database.MigrateAsync();
}
cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var baselineTime = await RawSqliteBaseline.InsertAsync(baselineFile, new HouseholdGenerator(seed), count, protector, names);
var baselineRate = count / baselineTime.TotalSeconds;
var baselineCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
Console.WriteLine($"baseline: {count:N0} inserted with raw SQLite in {baselineTime.TotalSeconds:N1} s: {baselineRate:N0} households/s");
Console.WriteLine();
Console.WriteLine($"households/s (gRPC import): {serviceRate:N0}");
Console.WriteLine($"households/s (raw SQLite):  {baselineRate:N0}");
Console.WriteLine($"ratio to baseline:          {serviceRate / baselineRate:N2}");
Console.WriteLine($"CPU per household:          {serviceCpu.TotalMicroseconds / count:N0} µs gRPC import (client and service), {baselineCpu.TotalMicroseconds / count:N0} µs raw SQLite");
Console.WriteLine($"peak working set:           {servicePeak / 1024.0 / 1024:N0} MB after the import, {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024:N0} MB at the end");
Directory.Delete(root, recursive: true);
