namespace Coordination.BuildingBlocks.Domain;

/// <summary>
/// Money is integer fen. One amount (a grant, a bill, a pledge, an income) is at most
/// <see cref="MaxFen"/>, a billion yuan: far above any real aid, and small enough that the sum of
/// ten million of them still fits a long, so no total the suite keeps can overflow.
/// </summary>
public static class Money
{
    public const long MaxFen = 100_000_000_000;

    /// <summary>Requires an amount from 1 (0 with <paramref name="allowZero"/>) to <see cref="MaxFen"/>; returns whether it is.</summary>
    public static bool RequireFen(this Validation v, long fen, string field, bool allowZero = false) =>
        v.Require(fen >= (allowZero ? 0 : 1) && fen <= MaxFen, field,
            $"must be {(allowZero ? "from 0" : "more than 0 and")} {(allowZero ? "to" : "at most")} {MaxFen} fen (a billion yuan)");
}
