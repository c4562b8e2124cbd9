namespace Coordination.BuildingBlocks.Aid;

/// <summary>
/// A household's aid is concentrated when it is more than <see cref="Factor"/> times the median of
/// its village neighbours' (households of the same 12-digit region code in the ledger), judged only
/// with at least <see cref="MinimumNeighbours"/> neighbours.
/// </summary>
public sealed record ConcentrationThreshold(double Factor, int MinimumNeighbours, IReadOnlyDictionary<string, double> ByRegionPrefix)
{
    public static readonly ConcentrationThreshold Default = new(3.0, 3, new Dictionary<string, double>());

    public double FactorFor(string regionCode) =>
        ByRegionPrefix.Where(r => regionCode.StartsWith(r.Key, StringComparison.Ordinal)).OrderByDescending(r => r.Key.Length).Select(r => r.Value).FirstOrDefault(Factor);
}
