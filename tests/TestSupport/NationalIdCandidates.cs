using System.Globalization;
using BuildingBlocks = Coordination.BuildingBlocks;

namespace Coordination.TestSupport;

/// <summary>
/// What an attacker knows of one person's ID number from a response, and how many valid GB 11643
/// numbers (area, birth date 1900-01-01 to today, three-digit sequence, MOD 11-2 check) agree with
/// it. The area is always taken as known, the worst case: the household's region gives characters
/// 1-6 in the usual case, and an attacker may learn the county elsewhere. Counted by enumeration over
/// birth date and sequence, with the check character as the standard computes it.
/// </summary>
public sealed class NationalIdCandidates(DateOnly today)
{
    private readonly DateOnly _today = today;
    private static readonly DateOnly Earliest = new(1900, 1, 1);
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private readonly char?[] _known = new char?[18];
    private DateOnly _bornFrom = Earliest;
    private DateOnly _bornTo = today;
    private bool? _male;

    /// <summary>What the response showed, in words, for the test's message.</summary>
    public List<string> Evidence { get; } = [];

    /// <summary>The area: the first six digits of a 12-digit region code (or of a 6-digit area).</summary>
    public NationalIdCandidates Area(string regionCodeOrArea)
    {
        for (var i = 0; i < 6; i++) Know(i, regionCodeOrArea[i]);
        Evidence.Add($"area {regionCodeOrArea[..6]}");
        return this;
    }

    /// <summary>A masked ID: every character that is not a star is known at its position.</summary>
    public NationalIdCandidates MaskedId(string masked)
    {
        if (masked.Length == 0) return this;
        if (masked.Length != 18) throw new ArgumentException($"A masked ID of {masked.Length} characters: count it by hand.", nameof(masked));
        for (var i = 0; i < 18; i++) if (masked[i] != '*') Know(i, masked[i]);
        Evidence.Add($"ID {masked}");
        return this;
    }

    public NationalIdCandidates Male(bool male)
    {
        _male = male;
        Evidence.Add(male ? "male" : "female");
        return this;
    }

    /// <summary>A birth date as a response shows it: "yyyy-MM-dd", "yyyy", "yyyy+" (that year to today), or empty.</summary>
    public NationalIdCandidates BirthDate(string shown)
    {
        if (shown.Length == 0) return this;
        if (DateOnly.TryParseExact(shown, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
            Born(exact, exact);
        else if (shown.EndsWith('+') && int.TryParse(shown[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var since))
            Born(new DateOnly(since, 1, 1), _today);
        else if (int.TryParse(shown, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            Born(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        else throw new ArgumentException($"A birth date shown as '{shown}': teach the counter what it means.", nameof(shown));
        Evidence.Add($"born {shown}");
        return this;
    }

    /// <summary>An age in whole years on a date (a reason's "aged 12" on the day it was written).</summary>
    public NationalIdCandidates Age(int years, DateOnly on)
    {
        Born(on.AddYears(-years - 1).AddDays(1), on.AddYears(-years));
        Evidence.Add($"aged {years} on {on:yyyy-MM-dd}");
        return this;
    }

    public NationalIdCandidates Born(DateOnly from, DateOnly to)
    {
        if (from > _bornFrom) _bornFrom = from;
        if (to < _bornTo) _bornTo = to;
        return this;
    }

    /// <summary>The valid numbers that agree with everything known.</summary>
    public long Count()
    {
        if (_known[..6].Any(c => c is null)) throw new InvalidOperationException("Give the area: the count assumes the attacker knows it.");
        var areaSum = 0;
        for (var i = 0; i < 6; i++) areaSum += (_known[i]!.Value - '0') * Weights[i];

        // Per sequence (000-999) allowed by the known characters and the sex: its weighted sum mod 11.
        var bySum = new long[11];
        for (var s = 0; s < 1000; s++)
        {
            var digits = s.ToString("000", CultureInfo.InvariantCulture);
            if (_male is { } male && (digits[2] - '0') % 2 == 1 != male) continue;
            if (!Agrees(14, digits)) continue;
            bySum[((digits[0] - '0') * Weights[14] + (digits[1] - '0') * Weights[15] + (digits[2] - '0') * Weights[16]) % 11]++;
        }

        long count = 0;
        for (var date = _bornFrom; date <= _bornTo; date = date.AddDays(1))
        {
            var born = date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            if (!Agrees(6, born)) continue;
            var sum = areaSum;
            for (var i = 0; i < 8; i++) sum += (born[i] - '0') * Weights[6 + i];
            for (var r = 0; r < 11; r++)
            {
                if (bySum[r] == 0) continue;
                if (_known[17] is { } check && CheckCharacters[(sum + r) % 11] != check) continue;
                count += bySum[r];
            }
        }
        return count;
    }

    /// <summary>A summary for assertion messages: what was known and what it leaves.</summary>
    public override string ToString() => $"{string.Join(", ", Evidence)}: {Count():N0} candidates";

    /// <summary>Checks a counter against the real number: a count that excludes the truth is a wrong count.</summary>
    public bool Admits(string nationalId)
    {
        if (!BuildingBlocks.Domain.NationalId.TryParse(nationalId, _today, out var id, out _)) return false;
        if (id.BirthDate < _bornFrom || id.BirthDate > _bornTo) return false;
        if (_male is { } male && (id.Sex == Contracts.Sex.Male) != male) return false;
        return Agrees(0, id.Value);
    }

    private void Know(int position, char c)
    {
        if (_known[position] is { } was && was != c) throw new InvalidOperationException($"Character {position + 1} shown as both {was} and {c}.");
        _known[position] = c;
    }

    private bool Agrees(int start, string digits)
    {
        for (var i = 0; i < digits.Length; i++)
            if (_known[start + i] is { } c && c != digits[i]) return false;
        return true;
    }
}
