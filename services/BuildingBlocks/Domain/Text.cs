using System.Globalization;
using System.Text;

namespace Coordination.BuildingBlocks.Domain;

/// <summary>
/// Free text a person typed: a name, an address, a reason. It is trimmed, bounded in length and
/// refused when it holds characters no one types (controls such as U+0000, format characters such
/// as the bidirectional overrides, lone surrogates, private-use or unassigned code points), which
/// hide text in logs and screens or break storage. A reason may span lines; a name never does.
/// </summary>
public static class Text
{
    /// <summary>The trimmed text, or a violation of the field (and the trimmed text, which is then not stored).</summary>
    public static string RequireText(this Validation v, string? value, string field, int maxLength, bool required = true, bool multiline = false)
    {
        var text = (value ?? "").Trim();
        if (text.Length == 0)
        {
            if (required) v.Add(field, "is required");
            return text;
        }
        if (text.Length > maxLength)
        {
            v.Add(field, $"at most {maxLength} characters");
            return text;
        }
        if (!IsPrintable(text, multiline)) v.Add(field, multiline
            ? "must not hold control or format characters (only line breaks and tabs)"
            : "must not hold control or format characters (no line breaks, tabs or invisible marks)");
        return text;
    }

    /// <summary>Why something was done: required, up to <paramref name="maxLength"/> characters, lines allowed.</summary>
    public static string RequireReason(this Validation v, string? value, string field, int maxLength = 500) =>
        v.RequireText(value, field, maxLength, multiline: true);

    /// <summary>Who did it (a person's name and office): required, one line of at most 100 characters.</summary>
    public static string RequireWho(this Validation v, string? value, string field) => v.RequireText(value, field, 100);

    /// <summary>Whether every character can be read as it is shown.</summary>
    public static bool IsPrintable(string text, bool multiline = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
                return false; // a lone half of a pair is not a character
            if (!Rune.TryGetRuneAt(text, i, out var rune)) return false;
            if (rune.IsBmp is false) i++;
            if (multiline && rune.Value is '\n' or '\r' or '\t') continue;
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return false;
            }
        }
        return true;
    }
}
