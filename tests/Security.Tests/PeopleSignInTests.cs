using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// People sign in by the authorization code flow with PKCE (S256) at the gateway: the login form,
/// the code, the token (the same claims as a client's, sub = the account) judged by every service by
/// roles and region; refresh tokens; a wrong or missing verifier, five wrong passwords and a disabled
/// account are refused.
/// </summary>
[Collection(SecuredSuiteCollection.Name)]
public class PeopleSignInTests(SecuredSuite suite)
{
    public const string Admin = "dev-admin";
    public const string AdminPassword = "dev-admin-password";

    [RabbitMqFact]
    public async Task A_person_signs_in_with_a_code_and_PKCE_and_is_judged_by_roles_and_region_like_a_client()
    {
        using var signIn = new PersonSignIn(suite.Gateway.HttpAddress);
        var tokens = await signIn.TokensAsync("dev-county-person", "dev-county-password");
        var access = tokens.GetProperty("access_token").GetString()!;
        var claims = PersonSignIn.Payload(access);
        var subject = claims.GetProperty("sub").GetString()!;
        Assert.NotEqual("dev-county-person", subject);
        Assert.True(Guid.TryParse(subject, out _), $"sub is the account id: {subject}");
        Assert.Equal("coordinator", claims.GetProperty("role").ToString());
        Assert.Equal("520402", claims.GetProperty("region").ToString());
        Assert.Contains("coordination", claims.GetProperty("aud").ToString());
        Assert.False(claims.TryGetProperty("permission", out _));

        // Filed nation-wide by a client; the county person reads its own county's household, not the neighbour's.
        using var coordinator = suite.GatewayChannelWithToken(await suite.FetchTokenAsync("dev-coordinator", "dev-coordinator-secret"));
        var filing = new HouseholdRegistry.HouseholdRegistryClient(coordinator);
        var own = await filing.RegisterHouseholdAsync(People.Family("520402101201"));
        var neighbour = await filing.RegisterHouseholdAsync(People.Family("520403101201"));

        using var channel = suite.GatewayChannelWithToken(access);
        var registry = new HouseholdRegistry.HouseholdRegistryClient(channel);
        Assert.Equal(own.HouseholdId, (await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = own.HouseholdId })).HouseholdId);
        var outOfScope = await Assert.ThrowsAsync<RpcException>(() =>
            registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = neighbour.HouseholdId }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, outOfScope.StatusCode);
        var notItsRole = await Assert.ThrowsAsync<RpcException>(() =>
            new Coordination.Industry.V1.IndustryProjects.IndustryProjectsClient(channel).CreateProjectAsync(new Coordination.Industry.V1.CreateProjectRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notItsRole.StatusCode);

        // The refresh token gives a new access token with the same claims.
        var refreshed = await signIn.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        var body = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(refreshed.IsSuccessStatusCode, $"refresh: {(int)refreshed.StatusCode} {body}");
        var again = PersonSignIn.Payload(body.GetProperty("access_token").GetString()!);
        Assert.Equal(subject, again.GetProperty("sub").GetString());
        Assert.Equal("520402", again.GetProperty("region").ToString());
        using var refreshedChannel = suite.GatewayChannelWithToken(body.GetProperty("access_token").GetString());
        Assert.NotNull(await new HouseholdRegistry.HouseholdRegistryClient(refreshedChannel).ListHouseholdsAsync(new ListHouseholdsRequest()));
    }

    [RabbitMqFact]
    public async Task A_wrong_code_verifier_is_refused_and_the_code_is_then_spent()
    {
        using var signIn = new PersonSignIn(suite.Gateway.HttpAddress);
        var (verifier, challenge) = PersonSignIn.NewPkce();
        var code = await signIn.CodeAsync("dev-county-person", "dev-county-password", challenge);
        var wrong = await signIn.RedeemAsync(code, PersonSignIn.NewPkce().Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("invalid_grant", await wrong.Content.ReadAsStringAsync());
        var none = await signIn.RedeemAsync(code, verifier: null);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
    }

    [RabbitMqFact]
    public async Task An_authorization_request_without_PKCE_or_with_plain_PKCE_is_refused()
    {
        using var signIn = new PersonSignIn(suite.Gateway.HttpAddress);
        var (verifier, _) = PersonSignIn.NewPkce();
        foreach (var (why, response) in new[] { ("no PKCE", await signIn.AuthorizeAsync(null)), ("plain", await signIn.AuthorizeAsync(verifier, "plain")) })
        {
            var location = response.Headers.Location?.ToString() ?? "";
            Assert.DoesNotContain("/account/login", location);
            Assert.True(location.Contains("error=invalid_request") || response.StatusCode == HttpStatusCode.BadRequest,
                $"{why}: {(int)response.StatusCode} {location}");
            Assert.DoesNotContain("code=", location);
        }
    }

    [RabbitMqFact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var (name, password) = await AccountAdministrationTests.CreateAsync(suite, ["coordinator"], ["520402"]);
        using var signIn = new PersonSignIn(suite.Gateway.HttpAddress);
        var (_, challenge) = PersonSignIn.NewPkce();
        for (var i = 0; i < 5; i++)
        {
            var failed = await signIn.LoginAsync(await signIn.AuthorizeAsync(challenge), name, "not-the-password-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        var locked = await signIn.LoginAsync(await signIn.AuthorizeAsync(challenge), name, password);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("锁定", await locked.Content.ReadAsStringAsync());
    }

    [RabbitMqFact]
    public async Task A_disabled_account_cannot_sign_in_nor_refresh()
    {
        var (name, password) = await AccountAdministrationTests.CreateAsync(suite, ["coordinator"], ["520402"]);
        using var signIn = new PersonSignIn(suite.Gateway.HttpAddress);
        var tokens = await signIn.TokensAsync(name, password);
        var id = PersonSignIn.Payload(tokens.GetProperty("access_token").GetString()!).GetProperty("sub").GetString();

        using var admin = await AccountAdministrationTests.AdminHttpAsync(suite, Admin, AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/gateway/accounts/{id}/disable", null)).StatusCode);

        using var again = new PersonSignIn(suite.Gateway.HttpAddress);
        var (_, challenge) = PersonSignIn.NewPkce();
        var refused = await again.LoginAsync(await again.AuthorizeAsync(challenge), name, password);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var refresh = await signIn.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Contains("invalid_grant", await refresh.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/gateway/accounts/{id}/enable", null)).StatusCode);
        using var enabled = new PersonSignIn(suite.Gateway.HttpAddress);
        await enabled.TokensAsync(name, password);
    }

    [RabbitMqFact]
    public async Task Client_credentials_still_work_beside_people()
    {
        var claims = PersonSignIn.Payload(await suite.FetchTokenAsync("dev-county", "dev-county-secret"));
        Assert.Equal("dev-county", claims.GetProperty("sub").GetString());
        Assert.Equal("520402", claims.GetProperty("region").ToString());
    }
}
