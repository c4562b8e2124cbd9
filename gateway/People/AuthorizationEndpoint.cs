using System.Security.Claims;
using Coordination.Gateway.Security;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Coordination.Gateway.People;

/// <summary>
/// /connect/authorize: OpenIddict has checked the client, redirect URI and PKCE challenge; a person
/// not signed in (by the login page's cookie) is sent to the login page and comes back here for the code.
/// </summary>
public static class AuthorizationEndpoint
{
    public static void Map(WebApplication app) =>
        app.MapMethods(TokenServer.AuthorizationPath, [HttpMethods.Get, HttpMethods.Post],
            async (HttpContext http, UserManager<PersonAccount> people, SecurityOptionsHolder holder) =>
            {
                var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
                var signedIn = await http.AuthenticateAsync(PeopleSignIn.CookieScheme);
                var account = signedIn.Principal?.FindFirst(Claims.Subject)?.Value is { } id ? await people.FindByIdAsync(id) : null;
                if (account is not { Enabled: true })
                {
                    var parameters = http.Request.HasFormContentType ? [.. http.Request.Form] : http.Request.Query.ToList();
                    return Results.Challenge(new AuthenticationProperties
                    {
                        RedirectUri = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters),
                    }, [PeopleSignIn.CookieScheme]);
                }
                var identity = TokenServer.AccessIdentity(account.Id, [.. account.Roles], [.. account.Permissions], [.. account.Regions], null, holder.Options.Audience);
                // Only offline_access (a refresh token) means anything here; other scopes are not granted.
                identity.SetScopes(request.GetScopes().Intersect([Scopes.OfflineAccess]));
                return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            });
}
