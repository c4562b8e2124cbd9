using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Coordination.Education.Domain;

/// <summary>
/// A school term, named "2026-autumn" or "2027-spring". The school year starts in September: the
/// autumn term runs from 1 September to 31 January, the spring term from 1 February to 31 August
/// (the summer holiday belongs to the spring term, so a child who leaves in July is still enrolled
/// until the autumn term asks again).
/// </summary>
public readonly record struct Term(int Year, TermSeason Season)
{
    public DateOnly Start => Season == TermSeason.Autumn ? new DateOnly(Year, 9, 1) : new DateOnly(Year, 2, 1);

    public DateOnly End => Season == TermSeason.Autumn ? new DateOnly(Year + 1, 1, 31) : new DateOnly(Year, 8, 31);

    public Term Next => Season == TermSeason.Autumn ? new Term(Year + 1, TermSeason.Spring) : new Term(Year, TermSeason.Autumn);

    public static Term Containing(DateOnly date) => date.Month switch
    {
        >= 9 => new Term(date.Year, TermSeason.Autumn),
        1 => new Term(date.Year - 1, TermSeason.Autumn),
        _ => new Term(date.Year, TermSeason.Spring),
    };

    public static bool TryParse(string? text, [NotNullWhen(true)] out Term? term)
    {
        term = null;
        if (text is null || text.Length < 11) return false;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash != 4 || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 2000) return false;
        TermSeason? season = text[5..] switch { "spring" => TermSeason.Spring, "autumn" => TermSeason.Autumn, _ => null };
        if (season is null) return false;
        term = new Term(year, season.Value);
        return true;
    }

    public static Term Parse(string text) =>
        TryParse(text, out var term) ? term.Value : throw new FormatException($"'{text}' is not a term such as 2026-autumn.");

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Year}-{(Season == TermSeason.Autumn ? "autumn" : "spring")}");
}
