using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Coordination.Gateway.People;

/// <summary>
/// The login form (server-rendered, antiforgery-protected). A right password signs the person in with
/// the short-lived cookie and returns to /connect/authorize; it returns nowhere else (no open redirect).
/// </summary>
public static class LoginPage
{
    public const string Path = "/account/login";

    public static void Map(WebApplication app)
    {
        app.MapGet(Path, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, returnUrl, error: null, StatusCodes.Status200OK));

        app.MapPost(Path, async (HttpContext http, IAntiforgery antiforgery, SignInManager<PersonAccount> signIn,
            [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl) =>
        {
            if (!IsAuthorizationReturn(returnUrl))
                return Page(http, antiforgery, null, "登录链接无效，请从控制台重新登录。", StatusCodes.Status400BadRequest);
            var account = string.IsNullOrEmpty(userName) ? null : await signIn.UserManager.FindByNameAsync(userName);
            if (account is null || string.IsNullOrEmpty(password))
                return Page(http, antiforgery, returnUrl, "用户名或密码错误。", StatusCodes.Status401Unauthorized);
            // Counts failures (lockout) before it says anything about the account.
            var checkedPassword = await signIn.CheckPasswordSignInAsync(account, password, lockoutOnFailure: true);
            if (checkedPassword.IsLockedOut)
                return Page(http, antiforgery, returnUrl, "密码错误次数过多，账户已锁定 15 分钟。", StatusCodes.Status401Unauthorized);
            if (!checkedPassword.Succeeded || !account.Enabled)
                return Page(http, antiforgery, returnUrl, "用户名或密码错误，或账户已停用。", StatusCodes.Status401Unauthorized);

            var identity = new ClaimsIdentity(PeopleSignIn.CookieScheme, Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, account.Id));
            identity.AddClaim(new Claim(Claims.Name, account.UserName ?? account.Id));
            await http.SignInAsync(PeopleSignIn.CookieScheme, new ClaimsPrincipal(identity));
            return Results.Redirect(returnUrl!);
        });
    }

    private static bool IsAuthorizationReturn(string? returnUrl) =>
        returnUrl is not null && returnUrl.StartsWith(Security.TokenServer.AuthorizationPath + "?", StringComparison.Ordinal);

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = $"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head><meta charset="utf-8"><title>登录 · 精准扶贫协同平台</title></head>
            <body>
            <h1>精准扶贫协同平台 · 登录</h1>
            {(error is null ? "" : $"<p role=\"alert\">{E(error)}</p>")}
            <form method="post" action="{Path}">
              <input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">
              <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
              <label>用户名 <input name="userName" autocomplete="username" required></label>
              <label>密码 <input name="password" type="password" autocomplete="current-password" required></label>
              <button type="submit">登录</button>
            </form>
            </body>
            </html>
            """;
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
