using System.Linq.Expressions;
using Coordination.BuildingBlocks.Domain;

namespace Coordination.BuildingBlocks.Persistence;

public static class RegionQueries
{
    private static readonly System.Reflection.MethodInfo Compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    /// <summary>
    /// The rows whose region code starts with a (validated, digits-only) prefix, as the range
    /// [prefix, <see cref="RegionCode.PrefixEnd"/>) that the region code's index can seek. StartsWith
    /// becomes LIKE or substr(), which SQLite answers by reading every row of the table.
    /// </summary>
    public static IQueryable<T> InRegion<T>(this IQueryable<T> source, Expression<Func<T, string>> regionCode, string prefix) =>
        source.InAnyRegion(regionCode, [prefix]);

    /// <summary>The rows under any of the prefixes (none: no row), each prefix one index range.</summary>
    public static IQueryable<T> InAnyRegion<T>(this IQueryable<T> source, Expression<Func<T, string>> regionCode, IReadOnlyList<string> prefixes)
    {
        if (prefixes.Count == 0) return source.Where(_ => false);
        var body = prefixes.Select(p => InRange(regionCode.Body, p)).Aggregate(Expression.OrElse);
        return source.Where(Expression.Lambda<Func<T, bool>>(body, regionCode.Parameters));
    }

    private static Expression InRange(Expression code, string prefix)
    {
        // The bounds are read from an object, not inlined as constants: EF makes them parameters, so
        // every prefix shares one cached query (and one prepared plan).
        var range = new Range(prefix, RegionCode.PrefixEnd(prefix));
        Expression Bound(string bound, Func<Expression, Expression, BinaryExpression> op) =>
            op(Expression.Call(Compare, code, Expression.Property(Expression.Constant(range), bound)), Expression.Constant(0));
        var from = Bound(nameof(Range.From), Expression.GreaterThanOrEqual);
        return range.To is null ? from : Expression.AndAlso(from, Bound(nameof(Range.To), Expression.LessThan));
    }

    private sealed record Range(string From, string? To);
}
