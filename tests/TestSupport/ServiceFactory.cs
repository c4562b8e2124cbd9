using Coordination.BuildingBlocks.Persistence;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>
    /// A gRPC channel to the in-memory server whose calls carry an access token of <paramref name="caller"/>
    /// (the broad test caller by default); make clients with <c>new Xxx.XxxClient(factory.Channel())</c>.
    /// </summary>
    public GrpcChannel Channel(TestCaller? caller = null) => ChannelWithToken(TestTokens.For(caller ?? TestCaller.Broad));

    /// <summary>A channel with the given raw token, or none (null): for tests of authentication.</summary>
    public GrpcChannel ChannelWithToken(string? token) =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = new BearerHandler(token, Server.CreateHandler()) });

    /// <summary>The factory's HTTP clients carry the broad test caller's token.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(TestCaller.Broad));
    }

    /// <summary>An HTTP client to the in-memory server calling as <paramref name="caller"/>.</summary>
    public HttpClient CreateClient(TestCaller caller)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(caller));
        return client;
    }

    /// <summary>Publishes on the host's bus and waits until the inbox recorded the message as handled by every consumer of it.</summary>
    public async Task DeliverAsync<T>(T message, int consumers = 1, Guid? messageId = null) where T : class
    {
        var id = messageId ?? Guid.NewGuid();
        await Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = id);
        await Eventually.TrueAsync(() => WithDbAsync<MessagingDbContext, bool>(async db => await db.InboxMessages.Where(m => m.MessageId == id).CountAsync() >= consumers),
            TimeSpan.FromSeconds(20), $"{typeof(T).Name} {id} consumed");
    }

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
