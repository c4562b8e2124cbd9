using OpenIddict.Abstractions;

namespace Coordination.Gateway.Security;

/// <summary>
/// DEVELOPMENT ONLY: creates the configured development clients, or brings an existing one's roles,
/// permissions and regions up to date (after the migrator: hosted services start in order).
/// </summary>
internal sealed class DevelopmentClientSeeder(IServiceProvider services, TokenServerOptions options, ILogger<DevelopmentClientSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in options.DevelopmentClients)
        {
            if (await applications.FindByClientIdAsync(client.ClientId, cancellationToken) is { } existing)
            {
                await applications.UpdateAsync(existing, TokenServer.Describe(client), cancellationToken);
                continue;
            }
            await applications.CreateAsync(TokenServer.Describe(client), cancellationToken);
            logger.LogInformation("Development client {ClientId} created with roles {Roles}", client.ClientId, string.Join(",", client.Roles));
        }
        logger.LogInformation("Development clients ready after {Elapsed}", System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
