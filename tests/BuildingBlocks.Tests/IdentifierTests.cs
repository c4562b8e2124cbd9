using Coordination.BuildingBlocks.Domain;
using Coordination.Contracts;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

public class NationalIdTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    // The GB 11643 standard's own example.
    private const string Valid = "11010519491231002X";

    [Fact]
    public void Accepts_a_valid_number_and_reads_birth_date_and_sex()
    {
        Assert.True(NationalId.TryParse(Valid, Today, out var id, out _));
        Assert.Equal(new DateOnly(1949, 12, 31), id.BirthDate);
        Assert.Equal(Sex.Female, id.Sex); // 17th digit 2: even
        Assert.Equal("*****************X", id.Masked);
    }

    [Fact]
    public void Accepts_lower_case_x_in_the_check_position_and_normalises_it()
    {
        Assert.True(NationalId.TryParse("11010519491231002x", Today, out var id, out _));
        Assert.Equal(Valid, id.Value);
    }

    [Theory]
    [InlineData("110105194912310021", "check character")] // wrong check digit
    [InlineData("11010519491231002", "18 characters")]    // too short
    [InlineData("11010519491231002XX", "18 characters")]  // too long
    [InlineData("11010519490231002X", "birth date")]      // 31 February
    [InlineData("11010520991231002X", "birth date")]      // in the future
    [InlineData("99010519491231002X", "province")]        // no such province
    [InlineData("1101051949123100AX", "digit")]
    public void Rejects_an_invalid_number_saying_why(string input, string reason)
    {
        Assert.False(NationalId.TryParse(input, Today, out _, out var error));
        Assert.Contains(reason, error);
        Assert.DoesNotContain(input, error); // the number is never echoed
    }

    [Fact]
    public void Renders_masked_so_it_cannot_leak_through_logs()
    {
        NationalId.TryParse(Valid, Today, out var id, out _);
        Assert.Equal("*****************X", id.ToString());
        Assert.Equal("*****************X", $"{id}");
    }
}

public class RegionCodeTests
{
    [Theory]
    [InlineData("5204", "5205")]
    [InlineData("520409", "52041")]
    [InlineData("5299", "53")]
    [InlineData("99", null)]
    public void A_prefix_s_codes_end_before_the_next_prefix(string prefix, string? end) => Assert.Equal(end, RegionCode.PrefixEnd(prefix));

    [Theory]
    [InlineData("520402101201", new[] { "52", "5204", "520402", "520402101", "520402101201" })]
    [InlineData("520402", new[] { "52", "5204", "520402" })]
    [InlineData("52", new[] { "52" })]
    public void A_region_is_contained_in_each_level_above_it_and_in_itself(string region, string[] containing) =>
        Assert.Equal(containing, RegionCode.Containing(region));

    [Theory]
    [InlineData("520402101201")]
    [InlineData("110105001001")]
    public void Accepts_a_village_code(string code) => Assert.True(RegionCode.IsValidVillage(code, out _));

    [Theory]
    [InlineData("52040210120", "12 digits")]
    [InlineData("5204021012011", "12 digits")]
    [InlineData("52040210120A", "12 digits")]
    [InlineData("990402101201", "province")]
    [InlineData("520402000000", "level may be zero")]
    [InlineData("520400101201", "level may be zero")]
    public void Rejects_anything_but_a_village_code(string code, string reason)
    {
        Assert.False(RegionCode.IsValidVillage(code, out var error));
        Assert.Contains(reason, error);
    }
}

public class CreditCodeTests
{
    // A code with a correct GB 32100 check character (computed by the algorithm's definition).
    private const string Valid = "91350100M000100Y43";

    [Fact]
    public void Accepts_a_valid_code() => Assert.True(CreditCode.TryNormalize(Valid, out _, out _));

    [Fact]
    public void Normalises_lower_case()
    {
        Assert.True(CreditCode.TryNormalize(Valid.ToLowerInvariant(), out var code, out _));
        Assert.Equal(Valid, code);
    }

    [Theory]
    [InlineData("91350100M000100Y44", "check character")]
    [InlineData("91350100M000100Y4", "18 characters")]
    [InlineData("91350100M000100YI3", "capitals")]
    public void Rejects_an_invalid_code(string input, string reason)
    {
        Assert.False(CreditCode.TryNormalize(input, out _, out var error));
        Assert.Contains(reason, error);
    }
}
