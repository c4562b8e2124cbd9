using Coordination.Households.Deduplication;
using Xunit;

namespace Coordination.Households.Tests;

public class NameNormalizerTests
{
    private static readonly NameNormalizer Normalizer = new();

    [Theory]
    [InlineData("張曉華", "张晓华")]   // traditional → simplified
    [InlineData("王大山", "王大山")]   // already simplified
    [InlineData("王 大山", "王大山")]  // spaces dropped
    [InlineData("ＡＢＣ１２", "ABC12")] // full-width → half-width
    [InlineData("阿依古丽·买买提", "阿依古丽买买提")] // the middle dot of minority names
    public void Names_are_simplified_and_made_half_width(string input, string expected) =>
        Assert.Equal(expected, Normalizer.Simplified(input));

    [Theory]
    [InlineData("张晓华", "zhangxiaohua")]
    [InlineData("張曉華", "zhangxiaohua")]
    [InlineData("单田芳", "shantianfang")] // a surname read as a surname (单 is shan, not dan)
    public void Names_have_a_toneless_pinyin(string input, string expected) =>
        Assert.Equal(expected, Normalizer.Pinyin(input));
}
