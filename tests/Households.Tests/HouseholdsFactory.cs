using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.Data;
using Coordination.Households.V1;
using Coordination.TestSupport;

namespace Coordination.Households.Tests;

/// <summary>The households host in memory: a database of the given provider, the in-memory bus.</summary>
public sealed class HouseholdsFactory(DatabaseProvider provider, string connectionString)
    : ServiceFactory<Program>(provider, connectionString)
{
    public static async Task<HouseholdsFactory> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        new(provider, await TestEnvironment.CreateDatabaseAsync(provider, "households"));

    public HouseholdRegistry.HouseholdRegistryClient Registry() => new(Channel());

    public Task<T> WithDbAsync<T>(Func<HouseholdsDbContext, Task<T>> read) => WithDbAsync<HouseholdsDbContext, T>(read);
}
