namespace Coordination.BuildingBlocks.Domain;

/// <summary>
/// A 12-digit statistical division code (GB/T 2260 extended to villages): province 2, city 2,
/// county 2, township 3, village 3. Households live in villages, so their codes name all five levels.
/// </summary>
public static class RegionCode
{
    // Province-level codes in use: 11-15 north, 21-23 north-east, 31-37 east, 41-46 centre-south,
    // 50-54 south-west, 61-65 north-west, 71 Taiwan, 81-82 Hong Kong and Macao.
    private static readonly HashSet<int> Provinces =
    [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
    ];

    /// <summary>The length of each level's prefix: province, city, county, township, village.</summary>
    private static readonly int[] LevelLengths = [2, 4, 6, 9, 12];

    public static bool IsProvince(ReadOnlySpan<char> twoDigits) =>
        twoDigits.Length == 2 && int.TryParse(twoDigits, out var p) && Provinces.Contains(p);

    /// <summary>Checks a village-level code; on failure <paramref name="error"/> says why.</summary>
    public static bool IsValidVillage(string? code, out string error)
    {
        error = string.Empty;
        if (code is null || code.Length != 12 || !code.All(char.IsAsciiDigit))
            error = "must be 12 digits";
        else if (!IsProvince(code.AsSpan(0, 2)))
            error = "does not start with a province code";
        else if (code.AsSpan(2, 2) is "00" || code.AsSpan(4, 2) is "00" || code.AsSpan(6, 3) is "000" || code.AsSpan(9, 3) is "000")
            error = "must name a city, county, township and village (no level may be zero)";
        return error.Length == 0;
    }

    /// <summary>Checks a prefix used to select a region (2, 4, 6, 9 or 12 digits).</summary>
    public static bool IsValidPrefix(string? prefix) =>
        prefix is not null && LevelLengths.Contains(prefix.Length) && prefix.All(char.IsAsciiDigit) && IsProvince(prefix.AsSpan(0, 2));

    /// <summary>The region prefixes that contain a code or prefix, from its province down to itself ("520402" → 52, 5204, 520402).</summary>
    public static IEnumerable<string> Containing(string codeOrPrefix) =>
        LevelLengths.Where(n => n <= codeOrPrefix.Length).Select(n => codeOrPrefix[..n]);

    /// <summary>
    /// The first code after every code a (digits-only) prefix selects: the codes starting with it are
    /// those ≥ the prefix and &lt; this ("5204" → "5205", "520409" → "52041", "5299" → "53"), a range
    /// an index can seek where a database cannot for LIKE (SQLite on a case-sensitive column). Digits
    /// only, so every collation orders the range alike. Null when nothing follows ("99...").
    /// </summary>
    public static string? PrefixEnd(string prefix)
    {
        var last = prefix.TrimEnd('9');
        return last.Length == 0 ? null : last[..^1] + (char)(last[^1] + 1);
    }
}
