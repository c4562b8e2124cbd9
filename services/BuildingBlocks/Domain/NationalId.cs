namespace Coordination.BuildingBlocks.Domain;

/// <summary>
/// A resident identity number (身份证号), GB 11643: six digits of the issuing region, the birth date
/// (yyyyMMdd), a three-digit sequence whose last digit is odd for men and even for women, and an
/// ISO 7064 MOD 11-2 check character (0-9 or X).
/// </summary>
public readonly record struct NationalId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private NationalId(string value, DateOnly birthDate, Contracts.Sex sex)
    {
        Value = value;
        BirthDate = birthDate;
        Sex = sex;
    }

    /// <summary>The normalised number: upper-case X in the check position.</summary>
    public string Value { get; }

    public DateOnly BirthDate { get; }

    public Contracts.Sex Sex { get; }

    /// <summary>What responses and messages show of the number (<see cref="PersonalData.PersonalDataMask.NationalId"/>).</summary>
    public string Masked => PersonalData.PersonalDataMask.NationalId(Value);

    public override string ToString() => Masked; // never the whole number by accident (logs, exceptions)

    /// <summary>Parses and validates; on failure <paramref name="error"/> says what is wrong, without echoing the number.</summary>
    public static bool TryParse(string? input, DateOnly today, out NationalId id, out string error)
    {
        id = default;
        var value = (input ?? string.Empty).Trim().ToUpperInvariant();
        if (value.Length != 18)
        {
            error = $"must be 18 characters, not {value.Length}";
            return false;
        }
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                error = $"character {i + 1} must be a digit";
                return false;
            }
        }
        if (!char.IsAsciiDigit(value[17]) && value[17] != 'X')
        {
            error = "the check character must be a digit or X";
            return false;
        }
        if (!RegionCode.IsProvince(value.AsSpan(0, 2)))
        {
            error = "does not start with a province code";
            return false;
        }
        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", out var birthDate)
            || birthDate.Year < 1900 || birthDate > today)
        {
            error = "characters 7-14 are not a possible birth date";
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (value[i] - '0') * Weights[i];
        if (CheckCharacters[sum % 11] != value[17])
        {
            error = "the check character does not match (GB 11643)";
            return false;
        }
        var sex = (value[16] - '0') % 2 == 1 ? Contracts.Sex.Male : Contracts.Sex.Female;
        id = new NationalId(value, birthDate, sex);
        error = string.Empty;
        return true;
    }

    /// <summary>Computes the check character for 17 digits; tests and data generators use it.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }
}
