using System.Security.Claims;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Security;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

public sealed class RegionScopeTests
{
    private static RegionScope Scope(params string[] claims) =>
        RegionScope.Of(new ClaimsPrincipal(new ClaimsIdentity(claims.Select(c => new Claim(SecurityClaims.Region, c)), "test")));

    [Theory]
    // claims, code, covered
    [InlineData(new[] { "*" }, "990000000001", true)]
    [InlineData(new[] { "520402" }, "520402101201", true)]
    [InlineData(new[] { "520402" }, "520403101201", false)]
    [InlineData(new[] { "520402" }, "5204", false)] // a wider region is not inside a county
    [InlineData(new[] { "520402" }, "520402", true)]
    [InlineData(new[] { "520402101201" }, "520402101202", false)]
    [InlineData(new[] { "520402", "530102" }, "530102001001", true)]
    [InlineData(new string[0], "520402101201", false)] // no claim: no region, not the country
    [InlineData(new[] { "" }, "520402101201", false)]
    [InlineData(new[] { "5" }, "520402101201", false)] // not a level's prefix: ignored
    [InlineData(new[] { "52040" }, "520402101201", false)]
    [InlineData(new[] { "**" }, "520402101201", false)]
    [InlineData(new[] { "５２" }, "520402101201", false)] // full-width digits are not digits of a code
    [InlineData(new[] { "520402" }, null, false)]
    public void A_scope_covers_exactly_the_codes_under_its_prefixes(string[] claims, string? code, bool covered) =>
        Assert.Equal(covered, Scope(claims).Covers(code));

    [Fact]
    public void Nested_prefixes_collapse_to_the_widest()
    {
        var scope = Scope("520402101201", "5204", "520402");
        Assert.Equal(["5204"], scope.Prefixes);
    }

    [Fact]
    public void Nation_wide_wins_over_any_prefix()
    {
        var scope = Scope("520402", "*");
        Assert.True(scope.IsNationWide);
        Assert.Empty(scope.Prefixes);
    }

    [Fact]
    public void Out_of_scope_names_the_record()
    {
        var denied = Assert.Throws<OutOfScopeException>(() => Scope("520402").Require("530102001001", "Household", "h-1"));
        Assert.Contains("Household 'h-1'", denied.Message);
    }
}
