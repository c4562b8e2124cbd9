using Coordination.BuildingBlocks.Persistence;
using Coordination.TestSupport;

namespace Coordination.Ledger.Tests;

/// <summary>The ledger host in memory: a database of the given provider, the in-memory bus.</summary>
public sealed class LedgerFactory(DatabaseProvider provider, string connectionString, IDictionary<string, string?>? settings = null)
    : ServiceFactory<Program>(provider, connectionString, settings)
{
    public static async Task<LedgerFactory> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, IDictionary<string, string?>? settings = null) =>
        new(provider, await TestEnvironment.CreateDatabaseAsync(provider, "ledger"), settings);

    /// <summary>The host on a SQLite file, publishing and consuming over the test RabbitMQ.</summary>
    public static Task<LedgerFactory> CreateOnRabbitMqAsync(IDictionary<string, string?>? settings = null)
    {
        var all = TestEnvironment.RabbitMqSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return CreateAsync(DatabaseProvider.Sqlite, all);
    }

    /// <summary>The registry as the ledger hears it: its events, delivered to this host.</summary>
    public RegistryEvents Registry() => _registry ??= new RegistryEvents(this);

    private RegistryEvents? _registry;

    public Task<T> WithDbAsync<T>(Func<LedgerDbContext, Task<T>> read) => WithDbAsync<LedgerDbContext, T>(read);

    public Task<List<(T Event, string Payload)>> EventsAsync<T>() => Outbox.EventsAsync<T>(Services);
}

/// <summary>
/// Tests that run a ledger instance on the test RabbitMQ share its queues (ledger-...): run at the
/// same time they would take each other's messages, so they run one after another.
/// </summary>
[Xunit.CollectionDefinition(Name)]
public sealed class LedgerOnRabbitMq
{
    public const string Name = "ledger on RabbitMQ";
}
