using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Security;
using Coordination.Gateway.Audit;
using Coordination.Gateway.Security;
using Microsoft.AspNetCore.Identity;

namespace Coordination.Gateway.People;

/// <summary>
/// Account management at the gateway, judged by the same matrix (coordination.gateway.v1.Accounts/*):
/// administrators create, reset, disable and enable accounts within their authority
/// (<see cref="AccountAuthority"/>); a person changes its own password with the current one. Writes are audited.
/// </summary>
public static class AccountsApi
{
    public const string Root = "/api/v1/gateway/accounts";

    public static void Map(WebApplication app)
    {
        app.MapPost(Root, async (CreateAccountRequest body, HttpContext http, AccessPolicy policy, UserManager<PersonAccount> people, AuditLog audit) =>
        {
            if (GatewayAccess.Deny(http, policy, GatewayMethods.CreateAccount) is { } denied) return denied;
            if (await DisabledCallerAsync(http, people) is { } disabled) return disabled;
            var v = new Validation();
            AccountAuthority.ValidateNew(v, body);
            if (body.Password is not { Length: > 0 }) v.Add("password", "密码必填 (password is required).");
            var account = new PersonAccount
            {
                UserName = body.UserName,
                DisplayName = body.DisplayName?.Trim() ?? "",
                Roles = [.. (body.Roles ?? []).Distinct()],
                Permissions = [.. (body.Permissions ?? []).Distinct()],
                Regions = [.. (body.Regions ?? []).Distinct()],
            };
            if (v.IsValid) await ValidatePasswordAsync(v, people, account, body.Password!, "password");
            if (!v.IsValid) return Problem(v);
            if (AccountAuthority.Refusal(http.User, account.Roles, account.Permissions, account.Regions) is { } refusal) return Forbidden(refusal);
            if (await people.FindByNameAsync(account.UserName!) is not null)
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "用户名已存在 (the user name is taken).");
            var created = await people.CreateAsync(account, body.Password!);
            if (!created.Succeeded) return Problem(Errors(created, "password"));
            await audit.RecordAsync(http, AuditEntry.Write, GatewayMethods.CreateAccount, grpc: false);
            return Results.Created($"{Root}/{account.Id}", View(account));
        });

        app.MapPost($"{Root}/{{accountId}}/password-reset", async (string accountId, ResetPasswordRequest body, HttpContext http,
            AccessPolicy policy, UserManager<PersonAccount> people, AuditLog audit) =>
        {
            if (GatewayAccess.Deny(http, policy, GatewayMethods.ResetPassword) is { } denied) return denied;
            var (refused, held) = await HeldAsync(http, people, accountId);
            if (refused is not null) return refused;
            var target = held!;
            var v = new Validation();
            if (v.Require(body.NewPassword is { Length: > 0 }, "newPassword", "新密码必填 (newPassword is required)."))
                await ValidatePasswordAsync(v, people, target, body.NewPassword!, "newPassword");
            if (!v.IsValid) return Problem(v);
            // Validated first: the old hash is replaced only by a valid new one. A reset also lifts a lockout.
            target.PasswordHash = people.PasswordHasher.HashPassword(target, body.NewPassword!);
            target.LockoutEnd = null;
            target.AccessFailedCount = 0;
            await people.UpdateSecurityStampAsync(target);
            await audit.RecordAsync(http, AuditEntry.Write, GatewayMethods.ResetPassword, grpc: false);
            return Results.NoContent();
        });

        app.MapPost($"{Root}/{{accountId}}/disable", (string accountId, HttpContext http, AccessPolicy policy, UserManager<PersonAccount> people, AuditLog audit) =>
            SetEnabledAsync(accountId, false, GatewayMethods.DisableAccount, http, policy, people, audit));
        app.MapPost($"{Root}/{{accountId}}/enable", (string accountId, HttpContext http, AccessPolicy policy, UserManager<PersonAccount> people, AuditLog audit) =>
            SetEnabledAsync(accountId, true, GatewayMethods.EnableAccount, http, policy, people, audit));

        app.MapPost($"{Root}/me/password", async (ChangePasswordRequest body, HttpContext http, AccessPolicy policy, UserManager<PersonAccount> people, AuditLog audit) =>
        {
            if (GatewayAccess.Deny(http, policy, GatewayMethods.ChangeOwnPassword) is { } denied) return denied;
            // A client's subject is its client id, which names no account.
            if (http.User.Subject() is not { } subject || await people.FindByIdAsync(subject) is not { Enabled: true } account)
                return Forbidden("只有已启用的个人账户可以修改自己的密码 (only an enabled person account has a password).");
            var v = new Validation();
            v.Require(body.CurrentPassword is { Length: > 0 }, "currentPassword", "当前密码必填 (currentPassword is required).");
            v.Require(body.NewPassword is { Length: > 0 }, "newPassword", "新密码必填 (newPassword is required).");
            if (!v.IsValid) return Problem(v);
            var changed = await people.ChangePasswordAsync(account, body.CurrentPassword!, body.NewPassword!);
            if (!changed.Succeeded) return Problem(Errors(changed, "newPassword"));
            await audit.RecordAsync(http, AuditEntry.Write, GatewayMethods.ChangeOwnPassword, grpc: false);
            return Results.NoContent();
        });
    }

    private static async Task<IResult> SetEnabledAsync(string accountId, bool enabled, string method, HttpContext http,
        AccessPolicy policy, UserManager<PersonAccount> people, AuditLog audit)
    {
        if (GatewayAccess.Deny(http, policy, method) is { } denied) return denied;
        var (refused, account) = await HeldAsync(http, people, accountId);
        if (refused is not null) return refused;
        account!.Enabled = enabled;
        // A new stamp: whatever was issued against the old state is not renewed.
        await people.UpdateSecurityStampAsync(account);
        await audit.RecordAsync(http, AuditEntry.Write, method, grpc: false);
        return Results.Ok(View(account));
    }

    /// <summary>
    /// An administrator disabled since its access token was issued manages nothing more, though the
    /// token still has minutes to run.
    /// </summary>
    private static async Task<IResult?> DisabledCallerAsync(HttpContext http, UserManager<PersonAccount> people) =>
        http.User.Subject() is { } subject && await people.FindByIdAsync(subject) is { Enabled: false }
            ? Forbidden("您的账户已停用 (your account is disabled).")
            : null;

    /// <summary>The account, when it exists and the calling administrator's authority covers it.</summary>
    private static async Task<(IResult? Refused, PersonAccount? Account)> HeldAsync(HttpContext http, UserManager<PersonAccount> people, string accountId)
    {
        if (await DisabledCallerAsync(http, people) is { } disabled) return (disabled, null);
        if (await people.FindByIdAsync(accountId) is not { } account)
            return (Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "没有此账户 (no such account)."), null);
        // Acting on oneself is not an escape hatch: an administrator still needs authority over its own account's roles and regions.
        if (AccountAuthority.Refusal(http.User, account.Roles, account.Permissions, account.Regions) is { } refusal)
            return (Forbidden(refusal), null);
        return (null, account);
    }

    private static async Task ValidatePasswordAsync(Validation v, UserManager<PersonAccount> people, PersonAccount account, string password, string field)
    {
        foreach (var validator in people.PasswordValidators)
            foreach (var error in (await validator.ValidateAsync(people, account, password)).Errors)
                v.Add(field, Describe(error));
    }

    private static Validation Errors(IdentityResult result, string passwordField)
    {
        var v = new Validation();
        foreach (var error in result.Errors)
            v.Add(error.Code switch
            {
                nameof(IdentityErrorDescriber.PasswordMismatch) => "currentPassword",
                nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.InvalidUserName) => "userName",
                _ => passwordField,
            }, Describe(error));
        return v;
    }

    private static string Describe(IdentityError error) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => $"密码至少 10 个字符 ({error.Description})",
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => $"密码至少含 4 个不同字符 ({error.Description})",
        nameof(IdentityErrorDescriber.PasswordMismatch) => "当前密码不正确 (the current password is wrong).",
        _ => error.Description,
    };

    private static IResult Problem(Validation v) =>
        Results.ValidationProblem(v.Violations.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Description).ToArray()));

    private static IResult Forbidden(string why) => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: why);

    private static object View(PersonAccount a) =>
        new { id = a.Id, userName = a.UserName, displayName = a.DisplayName, roles = a.Roles, permissions = a.Permissions, regions = a.Regions, enabled = a.Enabled };
}
