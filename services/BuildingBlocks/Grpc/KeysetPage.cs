using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Microsoft.EntityFrameworkCore;

namespace Coordination.BuildingBlocks.Grpc;

/// <summary>
/// A list call's page under <see cref="PageToken"/>'s rules, so every service pages alike: page_size
/// 0 for the default, at most the cap; page_token opaque, and one this service did not give out is
/// InvalidArgument on page_token. The caller orders its query by a unique key, filters it to rows
/// strictly after <see cref="Text"/>/<see cref="Guid"/>/... unless <see cref="IsFirst"/>, and lets
/// <see cref="ToPageAsync"/> read one row more than the page to know whether another page follows.
/// </summary>
public sealed class KeysetPage
{
    private const string Invalid = "is not a token this service gave out (next_page_token)";

    private readonly Validation _v;
    private readonly string[]? _after;
    private bool _reported;

    private KeysetPage(Validation v, int size, string[]? after) => (_v, Size, _after) = (v, size, after);

    public int Size { get; }

    /// <summary>No token was sent (or it was invalid, and the call fails at ThrowIfInvalid): the list starts at its first row.</summary>
    public bool IsFirst => _after is null;

    /// <summary>Reads page_size and page_token; violations go to <paramref name="v"/>.</summary>
    /// <param name="keyParts">How many parts the sort key has; a token with another number is invalid.</param>
    public static KeysetPage Read(Validation v, int pageSize, string pageToken, int keyParts) =>
        new(v, PageToken.Size(v, pageSize), PageToken.Decode(v, pageToken, keyParts));

    public string Text(int part) => _after?[part] ?? "";

    public Guid Guid(int part) =>
        _after is null ? System.Guid.Empty : System.Guid.TryParse(_after[part], out var id) ? id : Report(System.Guid.Empty);

    public long Int64(int part) =>
        _after is null ? 0 : long.TryParse(_after[part], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : Report(0L);

    public int Int32(int part) => Int64(part) is var n && n is >= int.MinValue and <= int.MaxValue ? (int)n : Report(0);

    /// <summary>A UTC instant written by <see cref="Key(DateTime)"/> (its ticks, so it round-trips exactly).</summary>
    public DateTime Utc(int part) => Int64(part) is var ticks && ticks >= 0 && ticks <= DateTime.MaxValue.Ticks
        ? new DateTime(ticks, DateTimeKind.Utc) : Report(DateTime.MinValue);

    /// <summary>A date written by <see cref="Key(DateOnly)"/>.</summary>
    public DateOnly Date(int part) => Int64(part) is var day && day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber
        ? DateOnly.FromDayNumber((int)day) : Report(DateOnly.MinValue);

    public static string Key(DateTime utc) => utc.Ticks.ToString(CultureInfo.InvariantCulture);

    public static string Key(DateOnly date) => date.DayNumber.ToString(CultureInfo.InvariantCulture);

    public static string Key(long number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads the page from <paramref name="ordered"/> (already after the token's key, in key order) and
    /// the token of the next one: the key of the page's last row, or empty when no row follows it.
    /// </summary>
    public async Task<(List<T> Items, string NextPageToken)> ToPageAsync<T>(IQueryable<T> ordered, Func<T, string[]> keyOf, CancellationToken cancellationToken)
    {
        var rows = await ordered.Take(Size + 1).ToListAsync(cancellationToken);
        if (rows.Count <= Size) return (rows, "");
        rows.RemoveAt(Size);
        return (rows, PageToken.Encode(keyOf(rows[^1])));
    }

    /// <summary>The same for a list the service computed in memory (already after the token's key, in key order).</summary>
    public (List<T> Items, string NextPageToken) ToPage<T>(IEnumerable<T> ordered, Func<T, string[]> keyOf)
    {
        var rows = ordered.Take(Size + 1).ToList();
        if (rows.Count <= Size) return (rows, "");
        rows.RemoveAt(Size);
        return (rows, PageToken.Encode(keyOf(rows[^1])));
    }

    private TValue Report<TValue>(TValue value)
    {
        if (!_reported) _v.Add("page_token", Invalid);
        _reported = true;
        return value;
    }
}
