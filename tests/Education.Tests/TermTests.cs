using Coordination.Education.Domain;
using Xunit;

namespace Coordination.Education.Tests;

public class TermTests
{
    [Theory]
    [InlineData("2026-09-01", "2026-autumn")]
    [InlineData("2026-12-31", "2026-autumn")]
    [InlineData("2027-01-31", "2026-autumn")]
    [InlineData("2027-02-01", "2027-spring")]
    [InlineData("2027-08-31", "2027-spring")]
    public void The_current_term_follows_the_school_calendar(string date, string term) =>
        Assert.Equal(term, Term.Containing(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).ToString());

    [Theory]
    [InlineData("2026-autumn", true)]
    [InlineData("2027-spring", true)]
    [InlineData("2026-fall", false)]
    [InlineData("26-autumn", false)]
    [InlineData("2026autumn", false)]
    [InlineData("", false)]
    public void Terms_parse_only_in_their_one_spelling(string text, bool valid) =>
        Assert.Equal(valid, Term.TryParse(text, out _));

    [Fact]
    public void A_configured_term_overrides_the_calendar() =>
        Assert.Equal("2025-spring", new EducationOptions { CurrentTerm = "2025-spring" }.TermOn(new DateOnly(2026, 11, 29)).ToString());
}
