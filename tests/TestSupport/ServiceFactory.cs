using Coordination.BuildingBlocks.Persistence;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.TestSupport;

/// <summary>
/// One service's host in memory for fast tests: a database of the given provider (a temp SQLite
/// file by default), the in-memory bus, gRPC and REST clients over the test server.
/// </summary>
public class ServiceFactory<TProgram>(DatabaseProvider provider, string connectionString, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<TProgram> where TProgram : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Persistence:Provider", provider.ToString());
        builder.UseSetting("Persistence:ConnectionString", connectionString);
        builder.UseSetting("Messaging:Transport", "InMemory");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }

    /// <summary>A gRPC channel to the in-memory server; make clients with <c>new Xxx.XxxClient(factory.Channel())</c>.</summary>
    public GrpcChannel Channel() =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    /// <summary>Reads the service's database directly, to show what was (not) stored.</summary>
    public async Task<T> WithDbAsync<TContext, T>(Func<TContext, Task<T>> read) where TContext : ServiceDbContext
    {
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    /// <summary>Runs something against the service's own database: seed a read model, for instance.</summary>
    public async Task WithDbAsync<TContext>(Func<TContext, Task> act) where TContext : ServiceDbContext
    {
        await using var scope = Services.CreateAsyncScope();
        await act(scope.ServiceProvider.GetRequiredService<TContext>());
    }
}
