using System.Text.RegularExpressions;

namespace Coordination.Donors.Matching;

/// <summary>
/// An allocation's explanation as its enterprise sees it: without the need's severity and the aid the
/// household had received, which are the household's, not the donor's (coordinators see them whole).
/// Applied when read, so explanations stored before the rule are shown the same way.
/// </summary>
public static partial class DonorExplanation
{
    public static string Of(string explanation) =>
        Received().Replace(Severity().Replace(explanation, " need in "), "");

    [GeneratedRegex(@" need of severity \d+ in ", RegexOptions.CultureInvariant)]
    private static partial Regex Severity();

    [GeneratedRegex(@"the household had received -?\d+ fen of aid\. ", RegexOptions.CultureInvariant)]
    private static partial Regex Received();
}
