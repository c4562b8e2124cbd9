using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Coordination.BuildingBlocks.Tests;

/// <summary>A host wired like a service (AddMessaging: relay, inbox, retries) over the test database.</summary>
public static class MessagingHost
{
    public static IHost Build(
        DatabaseProvider provider, string connectionString, string serviceName,
        Dictionary<string, string?>? settings = null, Action<IBusRegistrationConfigurator>? consumers = null,
        bool testHarness = false, TimeProvider? time = null)
    {
        // Development: the test broker is a local one with RabbitMQ's guest account, which hosts refuse elsewhere.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(settings ?? new() { ["Messaging:Transport"] = "InMemory" });
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignalInterceptor>();
        builder.Services.AddDbContext<TestDbContext>((sp, o) =>
            PersistenceExtensions.UseProvider(o, provider, connectionString).AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>()));
        builder.Services.AddScoped<ServiceDbContext>(sp => sp.GetRequiredService<TestDbContext>());
        builder.AddMessaging(serviceName, consumers);
        if (testHarness) builder.Services.AddMassTransitTestHarness();
        return builder.Build();
    }
}
