using System.Linq.Expressions;
using System.Security.Claims;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;

namespace Coordination.BuildingBlocks.Security;

/// <summary>
/// The regions a caller serves, from its token's region claims: each a region prefix (2, 4, 6, 9 or
/// 12 digits) or <see cref="NationWide"/>. A token without one serves no region: the whole country
/// is a scope granted explicitly, never the default. Services check it on every record that
/// belongs to a region: out of scope is PermissionDenied for one record and absent from lists.
/// </summary>
public sealed class RegionScope
{
    public const string NationWide = "*";

    private RegionScope(bool isNationWide, IReadOnlyList<string> prefixes)
    {
        IsNationWide = isNationWide;
        Prefixes = prefixes;
    }

    public bool IsNationWide { get; }

    /// <summary>The prefixes served, none nested in another (empty when nation-wide).</summary>
    public IReadOnlyList<string> Prefixes { get; }

    public bool IsEmpty => !IsNationWide && Prefixes.Count == 0;

    /// <summary>Whether a claim value is a scope a token may carry.</summary>
    public static bool IsValidClaim(string? value) => value == NationWide || RegionCode.IsValidPrefix(value);

    /// <summary>The scope of a validated token; values that are not scopes are ignored (they widen nothing).</summary>
    public static RegionScope Of(ClaimsPrincipal user)
    {
        var values = user.FindAll(SecurityClaims.Region).Select(c => c.Value).Where(IsValidClaim).ToList();
        if (values.Contains(NationWide)) return new RegionScope(true, []);
        var prefixes = values.Distinct().Where(p => !values.Any(q => q != p && p.StartsWith(q, StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList();
        return new RegionScope(false, prefixes);
    }

    /// <summary>Whether a region code, or every code under a prefix, lies in the scope.</summary>
    public bool Covers(string? regionCodeOrPrefix) =>
        IsNationWide || (regionCodeOrPrefix is not null && Prefixes.Any(p => regionCodeOrPrefix.StartsWith(p, StringComparison.Ordinal)));

    /// <summary>Throws PermissionDenied unless the record's region lies in the scope.</summary>
    public void Require(string? regionCode, string resource, string id)
    {
        if (!Covers(regionCode)) throw new OutOfScopeException(resource, id);
    }

    /// <summary>
    /// Throws PermissionDenied unless the caller serves the whole country: for operations over every
    /// region's records at once (key rotation), which no region's coordinator may run for the others.
    /// </summary>
    public void RequireNationWide(string operation)
    {
        if (!IsNationWide) throw new OutOfScopeException(operation, NationWide, $"{operation} is for a caller that serves the whole country.");
    }

    /// <summary>The rows of the scope's regions only (each prefix an index range, as <see cref="RegionQueries.InRegion"/>).</summary>
    public IQueryable<T> Filter<T>(IQueryable<T> source, Expression<Func<T, string>> regionCode) =>
        IsNationWide ? source : source.InAnyRegion(regionCode, Prefixes);
}
