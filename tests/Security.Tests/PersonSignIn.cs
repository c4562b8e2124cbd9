using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// A person signing in as the console will: the authorization code flow with PKCE done by hand with
/// one cookie jar and no automatic redirects, so every step (authorize, login form, code, token) is seen.
/// </summary>
public sealed partial class PersonSignIn : IDisposable
{
    public const string ClientId = "coordination-console";
    public const string RedirectUri = "http://127.0.0.1:5173/signin-callback";

    private readonly HttpClient _http;

    public PersonSignIn(Uri gateway)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = gateway };
    }

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>GET /connect/authorize; a null challenge leaves PKCE out.</summary>
    public Task<HttpResponseMessage> AuthorizeAsync(string? challenge, string method = "S256")
    {
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code", ["client_id"] = ClientId, ["redirect_uri"] = RedirectUri,
            ["scope"] = "offline_access", ["state"] = "state-1",
        };
        if (challenge is not null) (query["code_challenge"], query["code_challenge_method"]) = (challenge, method);
        return _http.GetAsync("/connect/authorize?" + string.Join("&", query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
    }

    /// <summary>Follows the authorize redirect to the login form and posts the credentials with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> LoginAsync(HttpResponseMessage authorize, string userName, string password)
    {
        Assert.True(HttpStatusCode.Redirect == authorize.StatusCode, $"authorize: {(int)authorize.StatusCode} {await authorize.Content.ReadAsStringAsync()}");
        Assert.Contains("/account/login", authorize.Headers.Location!.ToString());
        var form = await _http.GetAsync(authorize.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("登录", html);
        var fields = HiddenField().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["userName"] = userName;
        fields["password"] = password;
        return await _http.PostAsync("/account/login", new FormUrlEncodedContent(fields));
    }

    /// <summary>The whole front channel: authorize, log in, back to authorize, the code at the redirect URI.</summary>
    public async Task<string> CodeAsync(string userName, string password, string challenge)
    {
        var login = await LoginAsync(await AuthorizeAsync(challenge), userName, password);
        Assert.True(HttpStatusCode.Redirect == login.StatusCode, $"login as {userName}: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
        var back = await _http.GetAsync(login.Headers.Location);
        Assert.True(HttpStatusCode.Redirect == back.StatusCode, $"authorize after login: {(int)back.StatusCode} {await back.Content.ReadAsStringAsync()}");
        var location = back.Headers.Location!.ToString();
        Assert.StartsWith(RedirectUri + "?", location);
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(location).Query);
        Assert.Equal("state-1", parameters["state"].ToString());
        return parameters["code"].ToString();
    }

    public Task<HttpResponseMessage> RedeemAsync(string code, string? verifier)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri, ["client_id"] = ClientId,
        };
        if (verifier is not null) form["code_verifier"] = verifier;
        return _http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        _http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = ClientId,
        }));

    /// <summary>Signs in and returns the token response (access_token, refresh_token).</summary>
    public async Task<JsonElement> TokensAsync(string userName, string password)
    {
        var (verifier, challenge) = NewPkce();
        var response = await RedeemAsync(await CodeAsync(userName, password, challenge), verifier);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"token for {userName}: {(int)response.StatusCode} {body}");
        return body;
    }

    public static JsonElement Payload(string jwt) => JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1])).RootElement;

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
