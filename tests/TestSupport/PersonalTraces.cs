using System.Globalization;
using Xunit;

namespace Coordination.TestSupport;

/// <summary>
/// The rest of a response, searched for what its masked fields hide: the number's birth and sequence
/// digits, the birth date in any usual form, the given name. The candidate count only holds if none
/// of them slips out in a reason, an explanation or a field nobody thought of.
/// </summary>
public static class PersonalTraces
{
    public static void AssertAbsent(string responseText, string nationalId, DateOnly birthDate, string? name = null)
    {
        string[] hidden =
        [
            nationalId[6..14], // the birth date inside the number
            nationalId[10..18], // month, day, sequence, check
            birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            birthDate.ToString("yyyy/M/d", CultureInfo.InvariantCulture),
            birthDate.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
        ];
        foreach (var secret in hidden)
            Assert.False(responseText.Contains(secret, StringComparison.OrdinalIgnoreCase), $"The response shows '{secret}': {responseText}");
        // A one-character given name (李四's 四) is too common a character to search for.
        if (name is { Length: > 2 })
            Assert.False(responseText.Contains(name[1..], StringComparison.Ordinal), $"The response shows the given name of {name}: {responseText}");
    }
}
