using Coordination.BuildingBlocks.Domain;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

public sealed class TextTests
{
    [Theory]
    [InlineData("李四", true)]
    [InlineData("买买提·艾力", true)] // a middle dot joins the parts of many names
    [InlineData("O'Brien-Smith", true)]
    [InlineData("𠮷野", true)] // a character beyond the BMP: a surrogate pair
    [InlineData("李\u0000四", false)]
    [InlineData("李\u0007四", false)]
    [InlineData("李\n四", false)]
    [InlineData("李\t四", false)]
    [InlineData("李\u200B四", false)] // zero-width space (a format character)
    [InlineData("李\u202E四", false)] // right-to-left override
    [InlineData("李\uFEFF四", false)]
    [InlineData("李\u2028四", false)] // line separator
    [InlineData("李\uE000四", false)] // private use
    [InlineData("李\u0378四", false)] // unassigned
    public void A_name_holds_only_characters_that_read_as_they_show(string name, bool printable) =>
        Assert.Equal(printable, Text.IsPrintable(name));

    [Fact]
    public void A_lone_half_of_a_surrogate_pair_is_not_a_character()
    {
        // Built here: xUnit passes theory data through UTF-8, which would turn a lone surrogate into U+FFFD.
        Assert.False(Text.IsPrintable("李" + (char)0xD800 + "四"));
        Assert.False(Text.IsPrintable("李" + (char)0xDC00));
        Assert.False(Text.IsPrintable(((char)0xD83D).ToString()));
        Assert.False(Text.IsPrintable((char)0xDE00 + "李" + (char)0xD83D));
        Assert.True(Text.IsPrintable("李" + (char)0xD83D + (char)0xDE00)); // a whole pair (an emoji) is a character
    }

    [Theory]
    [InlineData("屋顶漏雨\n墙体开裂", true)]
    [InlineData("第一行\r\n第二行\t附注", true)]
    [InlineData("含\u0000字符", false)]
    [InlineData("含\u202E覆盖", false)]
    public void A_reason_may_span_lines_but_holds_no_other_control(string reason, bool printable) =>
        Assert.Equal(printable, Text.IsPrintable(reason, multiline: true));

    [Theory]
    // value, max, required, expected violation (null: none)
    [InlineData("  李四  ", 50, true, null)]
    [InlineData("", 50, true, "is required")]
    [InlineData("   ", 50, true, "is required")]
    [InlineData("", 50, false, null)]
    [InlineData("12345", 5, true, null)]
    [InlineData("123456", 5, true, "at most 5 characters")]
    [InlineData("李\u0000四", 50, true, "must not hold control or format characters (no line breaks, tabs or invisible marks)")]
    public void Text_is_trimmed_bounded_and_refused_with_a_reason(string value, int max, bool required, string? violation)
    {
        var v = new Validation();
        var text = v.RequireText(value, "name", max, required);
        Assert.Equal(value.Trim(), text);
        Assert.Equal(violation, v.Violations.SingleOrDefault()?.Description);
        if (violation is not null) Assert.Equal("name", v.Violations.Single().Field);
    }
}
