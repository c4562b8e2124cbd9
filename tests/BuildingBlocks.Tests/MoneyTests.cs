using Coordination.BuildingBlocks.Domain;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

public class MoneyTests
{
    [Theory]
    [InlineData(1L, false, true)]
    [InlineData(Money.MaxFen, false, true)]
    [InlineData(0L, false, false)]
    [InlineData(0L, true, true)]
    [InlineData(-1L, true, false)]
    [InlineData(Money.MaxFen + 1, false, false)]
    [InlineData(Money.MaxFen + 1, true, false)]
    [InlineData(long.MaxValue, false, false)]
    [InlineData(long.MinValue, true, false)]
    public void An_amount_is_from_1_or_0_to_a_billion_yuan(long fen, bool allowZero, bool valid)
    {
        var v = new Validation();
        Assert.Equal(valid, v.RequireFen(fen, "amount_fen", allowZero));
        Assert.Equal(valid, v.IsValid);
        if (!valid) Assert.Equal("amount_fen", Assert.Single(v.Violations).Field);
    }

    [Fact]
    public void Ten_million_amounts_at_the_bound_still_sum_without_overflow()
    {
        var total = checked(Money.MaxFen * 10_000_000);
        Assert.True(total > 0);
    }
}
