using Coordination.BuildingBlocks.Persistence;
using Coordination.Donors.Data;
using Coordination.Donors.V1;
using Coordination.TestSupport;

namespace Coordination.Donors.Tests;

/// <summary>The donors host in memory: a database of the given provider, the in-memory bus.</summary>
public sealed class DonorsFactory(DatabaseProvider provider, string connectionString, IDictionary<string, string?>? settings = null)
    : ServiceFactory<Program>(provider, connectionString, settings)
{
    public static async Task<DonorsFactory> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, IDictionary<string, string?>? settings = null) =>
        new(provider, await TestEnvironment.CreateDatabaseAsync(provider, "donors"), settings);

    public DonorEnterprises.DonorEnterprisesClient Donors() => new(Channel());

    public Task<T> WithDbAsync<T>(Func<DonorsDbContext, Task<T>> read) => WithDbAsync<DonorsDbContext, T>(read);

    public Task WithDbAsync(Func<DonorsDbContext, Task> act) => WithDbAsync<DonorsDbContext>(act);
}
