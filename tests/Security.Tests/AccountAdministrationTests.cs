using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.TestSupport;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// Account management at the gateway from an attacker's side: an administrator bounded to a county
/// cannot create an account for another province or the whole country, nor grant what it lacks, nor
/// sneak past by spelling a role differently; clients and people without the role are refused; bad
/// input is 400 with field errors; a person changes its own password only with the current one.
/// </summary>
[Collection(SecuredSuiteCollection.Name)]
public class AccountAdministrationTests(SecuredSuite suite)
{
    private const string Accounts = "/api/v1/gateway/accounts";

    /// <summary>A REST client carrying a person's access token from the code flow.</summary>
    public static async Task<HttpClient> AdminHttpAsync(SecuredSuite suite, string userName, string password)
    {
        using var signIn = new PersonSignIn(suite.Gateway.HttpAddress);
        var tokens = await signIn.TokensAsync(userName, password);
        return suite.GatewayHttpWithToken(tokens.GetProperty("access_token").GetString());
    }

    /// <summary>A fresh account created by the nation-wide development administrator.</summary>
    public static async Task<(string UserName, string Password)> CreateAsync(SecuredSuite suite, string[] roles, string[] regions, string[]? permissions = null)
    {
        using var admin = await AdminHttpAsync(suite, PeopleSignInTests.Admin, PeopleSignInTests.AdminPassword);
        var name = $"person-{Guid.NewGuid():N}"[..20];
        var password = $"pw-{Guid.NewGuid():N}";
        var response = await admin.PostAsJsonAsync(Accounts, new { userName = name, displayName = "测试人员", password, roles, regions, permissions = permissions ?? [] });
        Assert.True(HttpStatusCode.Created == response.StatusCode, $"create {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (name, password);
    }

    private static object Account(string[] roles, string[] regions, string[]? permissions = null) => new
    {
        userName = $"person-{Guid.NewGuid():N}"[..20], displayName = "测试人员", password = $"pw-{Guid.NewGuid():N}", roles, regions, permissions = permissions ?? [],
    };

    [RabbitMqFact]
    public async Task A_county_administrator_creates_accounts_only_within_its_county_and_its_own_roles()
    {
        var (name, password) = await CreateAsync(suite, ["administrator", "coordinator"], ["520402"]);
        using var county = await AdminHttpAsync(suite, name, password);

        var inScope = await county.PostAsJsonAsync(Accounts, Account(["coordinator"], ["520402101201"]));
        Assert.Equal(HttpStatusCode.Created, inScope.StatusCode);

        foreach (var (why, account) in new (string, object)[]
        {
            ("another province", Account(["coordinator"], ["53"])),
            ("the neighbouring county", Account(["coordinator"], ["520403"])),
            ("the whole province above it", Account(["coordinator"], ["52"])),
            ("nation-wide", Account(["coordinator"], ["*"])),
            ("one region in scope, one out", Account(["coordinator"], ["520402", "530102"])),
            ("no region at all", Account(["coordinator"], [])),
            ("a role it lacks", Account(["auditor"], ["520402"])),
            ("a department role it lacks", Account(["department-medical"], ["520402"])),
            ("a permission it lacks", Account(["coordinator"], ["520402"], ["personal-data:unmasked"])),
        })
        {
            var response = await county.PostAsJsonAsync(Accounts, account);
            Assert.True(HttpStatusCode.Forbidden == response.StatusCode, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        foreach (var spelling in new[] { "Coordinator", "COORDINATOR", " coordinator", "coordinator ", "Administrator", "enterprise", "*" })
        {
            var response = await county.PostAsJsonAsync(Accounts, Account([spelling], ["520402"]));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"role '{spelling}': {(int)response.StatusCode} {body}");
            Assert.True(body.GetProperty("errors").TryGetProperty("roles", out _), $"role '{spelling}': {body}");
        }

        // Nor over an account it does not hold: the nation-wide administrator's.
        using var nationWide = new PersonSignIn(suite.Gateway.HttpAddress);
        var adminId = PersonSignIn.Payload((await nationWide.TokensAsync(PeopleSignInTests.Admin, PeopleSignInTests.AdminPassword))
            .GetProperty("access_token").GetString()!).GetProperty("sub").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsync($"{Accounts}/{adminId}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsJsonAsync($"{Accounts}/{adminId}/password-reset", new { newPassword = "taken-over-password" })).StatusCode);
    }

    [RabbitMqFact]
    public async Task Callers_without_the_administrator_role_are_refused_and_bad_input_is_a_validation_problem()
    {
        using var anonymous = suite.GatewayHttpWithToken(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(Accounts, Account(["coordinator"], ["520402"]))).StatusCode);
        using var client = suite.GatewayHttpWithToken(await suite.FetchTokenAsync("dev-coordinator", "dev-coordinator-secret"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(Accounts, Account(["coordinator"], ["520402"]))).StatusCode);
        using var person = await AdminHttpAsync(suite, "dev-county-person", "dev-county-password");
        Assert.Equal(HttpStatusCode.Forbidden, (await person.PostAsJsonAsync(Accounts, Account(["coordinator"], ["520402"]))).StatusCode);

        using var admin = await AdminHttpAsync(suite, PeopleSignInTests.Admin, PeopleSignInTests.AdminPassword);
        var bad = await admin.PostAsJsonAsync(Accounts, new { userName = "X", displayName = "", password = "short", roles = new[] { "coordinator" }, regions = new[] { "5204x" } });
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(HttpStatusCode.BadRequest == bad.StatusCode, $"{(int)bad.StatusCode} {problem}");
        foreach (var field in new[] { "userName", "displayName", "regions" })
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        var reserved = await admin.PostAsJsonAsync(Accounts, new { userName = "dev-lookalike", displayName = "冒充", password = "a-long-enough-password", roles = new[] { "coordinator" }, regions = new[] { "520402" } });
        Assert.Equal(HttpStatusCode.BadRequest, reserved.StatusCode);
        var shortPassword = await admin.PostAsJsonAsync(Accounts, new { userName = "short-password", displayName = "短密码", password = "123456789", roles = new[] { "coordinator" }, regions = new[] { "520402" } });
        var shortProblem = await shortPassword.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, shortPassword.StatusCode);
        Assert.True(shortProblem.GetProperty("errors").TryGetProperty("password", out _), $"{shortProblem}");
    }

    [RabbitMqFact]
    public async Task A_person_changes_its_own_password_only_with_the_current_one()
    {
        var (name, password) = await CreateAsync(suite, ["coordinator"], ["520402"]);
        using var person = await AdminHttpAsync(suite, name, password);
        var wrong = await person.PostAsJsonAsync($"{Accounts}/me/password", new { currentPassword = "not-my-password", newPassword = "a-new-password-1" });
        var problem = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("currentPassword", out _), $"{problem}");

        Assert.Equal(HttpStatusCode.NoContent,
            (await person.PostAsJsonAsync($"{Accounts}/me/password", new { currentPassword = password, newPassword = "a-new-password-1" })).StatusCode);
        using var withNew = new PersonSignIn(suite.Gateway.HttpAddress);
        await withNew.TokensAsync(name, "a-new-password-1");
        using var withOld = new PersonSignIn(suite.Gateway.HttpAddress);
        var (_, challenge) = PersonSignIn.NewPkce();
        Assert.Equal(HttpStatusCode.Unauthorized, (await withOld.LoginAsync(await withOld.AuthorizeAsync(challenge), name, password)).StatusCode);

        // A client has no password of its own.
        using var client = suite.GatewayHttpWithToken(await suite.FetchTokenAsync("dev-coordinator", "dev-coordinator-secret"));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await client.PostAsJsonAsync($"{Accounts}/me/password", new { currentPassword = "x", newPassword = "a-new-password-1" })).StatusCode);
    }

    [RabbitMqFact]
    public async Task An_administrator_resets_a_password_within_its_scope_and_the_write_is_audited()
    {
        var (countyAdmin, countyPassword) = await CreateAsync(suite, ["administrator", "coordinator"], ["520402"]);
        using var admin = await AdminHttpAsync(suite, countyAdmin, countyPassword);
        var created = await (await admin.PostAsJsonAsync(Accounts, Account(["coordinator"], ["520402101201"]))).Content.ReadFromJsonAsync<JsonElement>();
        var (id, userName) = (created.GetProperty("id").GetString(), created.GetProperty("userName").GetString()!);

        var tooShort = await admin.PostAsJsonAsync($"{Accounts}/{id}/password-reset", new { newPassword = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"{Accounts}/{id}/password-reset", new { newPassword = "reset-password-1" })).StatusCode);
        using var after = new PersonSignIn(suite.Gateway.HttpAddress);
        await after.TokensAsync(userName, "reset-password-1");

        using var nationWide = await AdminHttpAsync(suite, PeopleSignInTests.Admin, PeopleSignInTests.AdminPassword);
        var entries = await nationWide.GetFromJsonAsync<JsonElement>("/api/v1/gateway/audit/entries?kind=write&pageSize=100");
        var methods = entries.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("method").GetString()).ToList();
        Assert.Contains("coordination.gateway.v1.Accounts/ResetPassword", methods);
        Assert.Contains("coordination.gateway.v1.Accounts/CreateAccount", methods);
    }

    [RabbitMqFact]
    public async Task A_disabled_administrator_manages_nothing_with_the_token_it_still_holds()
    {
        var (name, password) = await CreateAsync(suite, ["administrator", "coordinator"], ["520402"]);
        using var signIn = new PersonSignIn(suite.Gateway.HttpAddress);
        var access = (await signIn.TokensAsync(name, password)).GetProperty("access_token").GetString()!;
        using var county = suite.GatewayHttpWithToken(access);
        using var nationWide = await AdminHttpAsync(suite, PeopleSignInTests.Admin, PeopleSignInTests.AdminPassword);
        var id = PersonSignIn.Payload(access).GetProperty("sub").GetString();
        Assert.Equal(HttpStatusCode.OK, (await nationWide.PostAsync($"{Accounts}/{id}/disable", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsJsonAsync(Accounts, Account(["coordinator"], ["520402"]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsync($"{Accounts}/{id}/enable", null)).StatusCode);
    }
}
