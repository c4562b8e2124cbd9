using Coordination.BuildingBlocks.PersonalData;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

/// <summary>The one mask of the suite, at its edges: what a caller without personal-data:unmasked sees.</summary>
public class PersonalDataMaskTests
{
    [Theory]
    [InlineData("李四", "李*")]
    [InlineData("李小四", "李*")] // one star whatever the length: the length is not shown
    [InlineData("王老实巴交", "王*")]
    [InlineData("欧阳娜娜", "欧阳*")] // a compound surname whole
    [InlineData("司马迁", "司马*")]
    [InlineData("欧阳", "欧*")] // two characters: a surname and a given name, never the whole name
    [InlineData("李", "*")]
    [InlineData("", "*")]
    [InlineData("  张三 ", "张*")]
    [InlineData("𠮷野家", "𠮷*")] // a surname outside the BMP is not cut in half
    [InlineData("阿依古丽·买买提", "阿*")]
    public void A_name_shows_its_surname_and_exactly_one_star(string name, string masked) =>
        Assert.Equal(masked, PersonalDataMask.Name(name));

    [Theory]
    [InlineData("11010519491231002X", "*****************X")]
    [InlineData("520402198003140514", "*****************4")]
    [InlineData("110105491231002", "******************")] // a 15-digit legacy number: nothing of it
    [InlineData("", "******************")]
    public void An_ID_shows_only_its_check_character(string id, string masked) =>
        Assert.Equal(masked, PersonalDataMask.NationalId(id));

    [Fact]
    public void A_masked_ID_masked_again_is_unchanged_and_a_wider_old_mask_narrows()
    {
        Assert.Equal("*****************X", PersonalDataMask.NationalId("*****************X"));
        Assert.Equal("*****************X", PersonalDataMask.NationalId("1101**********002X"));
        Assert.Equal("李*", PersonalDataMask.Name("李**"));
    }

    [Theory]
    [InlineData("1980-03-14", "2026-12-04", "1980")]
    [InlineData("2024-12-31", "2026-12-04", "2024")]
    [InlineData("2025-01-01", "2026-12-04", "2025+")] // the last two years read as one
    [InlineData("2026-12-04", "2026-12-04", "2025+")]
    [InlineData("2027-01-01", "2027-01-01", "2026+")] // born today, on 1 January: still a year and a day
    [InlineData("2025-06-01", "2027-01-01", "2025")]
    public void A_birth_date_shows_its_year_and_the_last_two_years_as_one(string born, string today, string masked) =>
        Assert.Equal(masked, PersonalDataMask.BirthDate(DateOnly.Parse(born), DateOnly.Parse(today)));
}
