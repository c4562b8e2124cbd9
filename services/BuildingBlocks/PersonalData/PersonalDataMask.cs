using System.Globalization;

namespace Coordination.BuildingBlocks.PersonalData;

/// <summary>
/// What a caller without personal-data:unmasked sees of a person, the one masking of the suite.
/// Each rule leaves, with a response's region code and sex, at least 10,000 ID numbers possible
/// (see tests/TestSupport/NationalIdCandidates): the region gives the area, the sex a parity, so
/// the ID shows only its check character and the birth date only a whole year.
/// </summary>
public static class PersonalDataMask
{
    private const char Star = '*';

    /// <summary>Two-character surnames (复姓) shown whole, so that 欧阳娜娜 reads 欧阳*, not 欧*.</summary>
    private static readonly HashSet<string> CompoundSurnames = new(StringComparer.Ordinal)
    {
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
        "令狐", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "万俟", "澹台", "申屠",
        "太史", "闻人", "司空", "钟离", "濮阳", "淳于", "单于", "赫连", "拓跋", "东郭", "公冶", "左丘",
    };

    /// <summary>
    /// Seventeen stars and the check character. Every further character shown divides the candidates
    /// by ten: the last four leave fewer than 4,200 even with no birth date at all.
    /// </summary>
    public static string NationalId(string value) =>
        value.Length == 18 ? string.Concat(new string(Star, 17), value.AsSpan(17, 1)) : new string(Star, 18);

    /// <summary>
    /// The surname and exactly one star, whatever the name's length: 李四 and 李小四 both read 李*.
    /// A compound surname is shown whole when a given name follows it; a one-character name is "*".
    /// Characters are text elements, so a surname outside the BMP (𠮷) is never cut in half.
    /// </summary>
    public static string Name(string name)
    {
        var trimmed = name.Trim();
        var info = new StringInfo(trimmed);
        if (info.LengthInTextElements <= 1) return Star.ToString();
        var surnameLength = info.LengthInTextElements >= 3 && CompoundSurnames.Contains(info.SubstringByTextElements(0, 2)) ? 2 : 1;
        return info.SubstringByTextElements(0, surnameLength) + Star;
    }

    /// <summary>
    /// The birth year ("1980"). The last two years read as one ("2025+" in 2026): a year still
    /// running would otherwise say "born since 1 January", a few days in January.
    /// </summary>
    public static string BirthDate(DateOnly birthDate, DateOnly today) => BirthYear(birthDate.Year, today);

    /// <summary>As <see cref="BirthDate"/>, for a record that keeps only the year.</summary>
    public static string BirthYear(int year, DateOnly today)
    {
        var merged = today.Year - 1;
        return year >= merged
            ? merged.ToString(CultureInfo.InvariantCulture) + "+"
            : year.ToString(CultureInfo.InvariantCulture);
    }
}
