using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.Data;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Households.Tests;

/// <summary>The households host in memory: a database of the given provider, the in-memory bus.</summary>
public sealed class HouseholdsFactory(DatabaseProvider provider, string connectionString) : WebApplicationFactory<Program>
{
    public static async Task<HouseholdsFactory> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        new(provider, await TestEnvironment.CreateDatabaseAsync(provider, "households"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Persistence:Provider", provider.ToString());
        builder.UseSetting("Persistence:ConnectionString", connectionString);
        builder.UseSetting("Messaging:Transport", "InMemory");
    }

    public HouseholdRegistry.HouseholdRegistryClient Registry() =>
        new(GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() }));

    /// <summary>Reads the service's database directly, to show what was (not) stored.</summary>
    public async Task<T> WithDbAsync<T>(Func<HouseholdsDbContext, Task<T>> read)
    {
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<HouseholdsDbContext>());
    }
}
