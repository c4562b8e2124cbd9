using System.Security.Claims;
using Grpc.Core;

namespace Coordination.BuildingBlocks.Security;

/// <summary>Who is calling, as the validated access token says.</summary>
public static class Caller
{
    public static ClaimsPrincipal User(this ServerCallContext context) => context.GetHttpContext().User;

    public static bool IsAuthenticated(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;

    /// <summary>The OAuth2 client; for the client-credentials grant the subject is the client too.</summary>
    public static string? ClientId(this ClaimsPrincipal user) =>
        user.FindFirst(SecurityClaims.ClientId)?.Value ?? user.FindFirst(SecurityClaims.Subject)?.Value;

    public static string? Subject(this ClaimsPrincipal user) => user.FindFirst(SecurityClaims.Subject)?.Value;

    public static IEnumerable<string> Roles(this ClaimsPrincipal user) =>
        user.FindAll(SecurityClaims.Role).Select(c => c.Value);

    public static bool HasRole(this ClaimsPrincipal user, string role) => user.HasClaim(SecurityClaims.Role, role);

    public static bool HasPermission(this ClaimsPrincipal user, string permission) => user.HasClaim(SecurityClaims.Permission, permission);

    /// <summary>The enterprise an enterprise client acts for (its token's enterprise_id claim), if any.</summary>
    public static Guid? EnterpriseId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(SecurityClaims.EnterpriseId)?.Value, out var id) ? id : null;

    /// <summary>The regions the caller serves (none when its token names none).</summary>
    public static RegionScope RegionScope(this ClaimsPrincipal user) => Security.RegionScope.Of(user);

    public static RegionScope RegionScope(this ServerCallContext context) => Security.RegionScope.Of(context.User());
}
