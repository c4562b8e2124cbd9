using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.Data;
using Coordination.Households.V1;
using Coordination.TestSupport;

namespace Coordination.Households.Tests;

/// <summary>The households host in memory: a database of the given provider, the in-memory bus.</summary>
public sealed class HouseholdsFactory(DatabaseProvider provider, string connectionString, IDictionary<string, string?>? settings = null)
    : ServiceFactory<Program>(provider, connectionString, settings)
{
    public static async Task<HouseholdsFactory> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, IDictionary<string, string?>? settings = null) =>
        new(provider, await TestEnvironment.CreateDatabaseAsync(provider, "households"), settings);

    /// <summary>The host on a SQLite file, publishing and consuming over the test RabbitMQ.</summary>
    public static Task<HouseholdsFactory> CreateOnRabbitMqAsync(IDictionary<string, string?>? settings = null)
    {
        var all = TestEnvironment.RabbitMqSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return CreateAsync(DatabaseProvider.Sqlite, all);
    }

    public HouseholdRegistry.HouseholdRegistryClient Registry() => new(Channel());

    public Task<T> WithDbAsync<T>(Func<HouseholdsDbContext, Task<T>> read) => WithDbAsync<HouseholdsDbContext, T>(read);
}

/// <summary>
/// Tests that run a households instance on the test RabbitMQ share its queues (households-...):
/// run at the same time they would take each other's messages, so they run one after another.
/// </summary>
[Xunit.CollectionDefinition(Name)]
public sealed class HouseholdsOnRabbitMq
{
    public const string Name = "households on RabbitMQ";
}
