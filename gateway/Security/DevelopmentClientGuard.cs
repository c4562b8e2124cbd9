using Coordination.Gateway.People;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;

namespace Coordination.Gateway.Security;

/// <summary>
/// Outside Development the gateway does not start while its store holds a development client or
/// person account (`dev-*`, whose secrets and passwords are published in appsettings.Development.json):
/// anyone could take its roles.
/// Runs after the migrator (hosted services start in order).
/// </summary>
internal sealed class DevelopmentClientGuard(IServiceProvider services) : IHostedService
{
    public const string Prefix = "dev-";
    private const string NormalizedPrefix = "DEV-";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var refused = new List<string>();
        await foreach (var application in applications.ListAsync(cancellationToken: cancellationToken))
            if (await applications.GetClientIdAsync(application, cancellationToken) is { } id && id.StartsWith(Prefix, StringComparison.Ordinal))
            {
                refused.Add($"The token store holds the development client {id}; it is refused outside Development (remove it, or start in Development).");
                break;
            }
        var people = scope.ServiceProvider.GetRequiredService<UserManager<PersonAccount>>();
        if (people.Users.Where(a => a.NormalizedUserName!.StartsWith(NormalizedPrefix)).Select(a => a.UserName).FirstOrDefault() is { } person)
            refused.Add($"The account store holds the development person {person}; it is refused outside Development (remove it, or start in Development).");
        if (refused.Count > 0) throw new InvalidOperationException(string.Join(" ", refused));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
