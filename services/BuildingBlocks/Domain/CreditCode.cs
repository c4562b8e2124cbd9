namespace Coordination.BuildingBlocks.Domain;

/// <summary>
/// A unified social credit code (统一社会信用代码), GB 32100: 18 characters from a 31-character
/// alphabet (digits and capitals without I, O, S, V, Z); the last is a MOD 31 check character.
/// </summary>
public static class CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Validates and normalises (upper case, trimmed); on failure <paramref name="error"/> says why.</summary>
    public static bool TryNormalize(string? input, out string code, out string error)
    {
        code = (input ?? string.Empty).Trim().ToUpperInvariant();
        error = string.Empty;
        if (code.Length != 18)
            error = $"must be 18 characters, not {code.Length}";
        else if (code.Any(c => Alphabet.IndexOf(c) < 0))
            error = "may hold only digits and the capitals of GB 32100 (no I, O, S, V, Z)";
        else if (!code.AsSpan(2, 6).ToString().All(char.IsAsciiDigit))
            error = "characters 3-8 must be the digits of a region code";
        else if (CheckCharacter(code.AsSpan(0, 17)) != code[17])
            error = "the check character does not match (GB 32100)";
        return error.Length == 0;
    }

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(first17[i]) * Weights[i];
        return Alphabet[(31 - sum % 31) % 31];
    }
}
