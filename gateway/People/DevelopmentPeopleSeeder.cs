using Coordination.Gateway.Security;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Coordination.Gateway.People;

/// <summary>
/// DEVELOPMENT ONLY: creates the console's public client and the configured person accounts, or brings
/// an existing one's roles, regions and password up to date (after the migrator: hosted services start in order).
/// </summary>
internal sealed class DevelopmentPeopleSeeder(IServiceProvider services, TokenServerOptions options, ILogger<DevelopmentPeopleSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        if (options.DevelopmentConsole is { } console)
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var descriptor = Describe(console);
            if (await applications.FindByClientIdAsync(console.ClientId, cancellationToken) is { } existing)
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
            else
                await applications.CreateAsync(descriptor, cancellationToken);
        }
        var people = scope.ServiceProvider.GetRequiredService<UserManager<PersonAccount>>();
        foreach (var person in options.DevelopmentPeople)
        {
            if (person.Regions.FirstOrDefault(r => !BuildingBlocks.Security.RegionScope.IsValidClaim(r)) is { } invalid)
                throw new InvalidOperationException($"Development person {person.UserName}: region '{invalid}' is not a region prefix or \"*\".");
            var account = await people.FindByNameAsync(person.UserName) ?? new PersonAccount { UserName = person.UserName };
            account.DisplayName = person.DisplayName;
            account.Roles = [.. person.Roles];
            account.Permissions = [.. person.Permissions];
            account.Regions = [.. person.Regions];
            account.Enabled = true;
            var result = account.PasswordHash is null ? await people.CreateAsync(account, person.Password) : await people.UpdateAsync(account);
            if (!result.Succeeded)
                throw new InvalidOperationException($"Development person {person.UserName}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            logger.LogInformation("Development person {UserName} ready with roles {Roles}", person.UserName, string.Join(",", person.Roles));
        }
    }

    /// <summary>A public client (no secret: the console cannot keep one) allowed the code flow with PKCE and refresh tokens.</summary>
    private static OpenIddictApplicationDescriptor Describe(ConsoleClientDefinition console)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = console.ClientId,
            ClientType = ClientTypes.Public,
            DisplayName = "精准扶贫协同控制台",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in console.RedirectUris) descriptor.RedirectUris.Add(new Uri(uri));
        return descriptor;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
