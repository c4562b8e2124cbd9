using System.Security.Claims;
using System.Text.RegularExpressions;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Security;

namespace Coordination.Gateway.People;

/// <summary>
/// What an administrator may do to an account: only to one whose every region lies in its own scope
/// ("*" only from a nation-wide administrator) and whose roles and permissions it holds itself, so no
/// administrator can make an account more powerful than it is. Names are compared exactly (ordinal):
/// "Coordinator" is not a role.
/// </summary>
public static partial class AccountAuthority
{
    /// <summary>The roles a person may hold: the services' roles and administrator; enterprise stays a client's (it carries an enterprise id).</summary>
    public static readonly IReadOnlySet<string> PersonRoles =
        new HashSet<string>(Roles.All.Where(r => r != Roles.Enterprise).Append(Roles.Administrator), StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> KnownPermissions = new HashSet<string>([SecurityClaims.UnmaskedPersonalData], StringComparer.Ordinal);

    public static void ValidateNew(Validation v, CreateAccountRequest r)
    {
        if (v.Require(!string.IsNullOrWhiteSpace(r.UserName), "userName", "用户名必填 (userName is required)."))
        {
            v.Require(UserNamePattern().IsMatch(r.UserName!), "userName", "用户名为 3–64 位小写字母、数字、点、连字符或下划线 (3-64 of a-z 0-9 . _ -).");
            // dev-* names are the published development accounts: one outside Development stops the gateway.
            v.Require(!r.UserName!.StartsWith(Security.DevelopmentClientGuard.Prefix, StringComparison.OrdinalIgnoreCase), "userName", "dev- 开头的用户名保留给开发账户 (reserved for development accounts).");
        }
        if (v.Require(!string.IsNullOrWhiteSpace(r.DisplayName), "displayName", "姓名必填 (displayName is required)."))
            v.Require(r.DisplayName!.Length <= 100, "displayName", "姓名最多 100 个字符 (at most 100 characters).");
        foreach (var role in r.Roles ?? [])
            v.Require(PersonRoles.Contains(role), "roles", $"未知角色 '{role}' (unknown role; names are lower case).");
        foreach (var permission in r.Permissions ?? [])
            v.Require(KnownPermissions.Contains(permission), "permissions", $"未知权限 '{permission}' (unknown permission).");
        foreach (var region in r.Regions ?? [])
            v.Require(RegionScope.IsValidClaim(region), "regions", $"'{region}' 不是区划前缀 (a region prefix of 2, 4, 6, 9 or 12 digits, or \"*\").");
    }

    /// <summary>Null when the administrator may hold this account; else why not.</summary>
    public static string? Refusal(ClaimsPrincipal administrator, IEnumerable<string> roles, IEnumerable<string> permissions, IEnumerable<string> regions)
    {
        var scope = RegionScope.Of(administrator);
        var regionList = regions.ToList();
        if (regionList.Count == 0 && !scope.IsNationWide)
            return "只有全国范围的管理员可以管理无区划的账户 (an account of no region is a nation-wide administrator's).";
        foreach (var region in regionList)
            if (region == RegionScope.NationWide ? !scope.IsNationWide : !scope.Covers(region))
                return $"区划 '{region}' 超出您的管理范围 (outside your region scope).";
        if (roles.FirstOrDefault(r => !administrator.HasRole(r)) is { } role)
            return $"您没有角色 '{role}'，不能授予 (you cannot grant a role you lack).";
        if (permissions.FirstOrDefault(p => !administrator.HasPermission(p)) is { } permission)
            return $"您没有权限 '{permission}'，不能授予 (you cannot grant a permission you lack).";
        return null;
    }

    [GeneratedRegex("^[a-z0-9._-]{3,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();
}
