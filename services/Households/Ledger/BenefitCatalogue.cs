using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Households.Ledger;

public enum BenefitRule { Stackable, Exclusive, CappedByExpense }

/// <summary>
/// The benefit types and the rule each obeys, read from data (Ledger/benefit-catalogue.json next to
/// the service) so that a new benefit or a changed rule is an edit of the file, not of the code.
/// </summary>
public sealed class BenefitCatalogue
{
    public const string FileName = "benefit-catalogue.json";

    private readonly Dictionary<string, BenefitRule> _rules;

    public BenefitCatalogue(int version, IReadOnlyDictionary<string, BenefitRule> rules, ConcentrationThreshold? concentration = null)
    {
        Version = version;
        _rules = new Dictionary<string, BenefitRule>(rules, StringComparer.Ordinal);
        Concentration = concentration ?? ConcentrationThreshold.Default;
    }

    public int Version { get; }

    /// <summary>When a household's aid is "far above its neighbours'": per region, the longest prefix wins.</summary>
    public ConcentrationThreshold Concentration { get; }

    public IReadOnlyCollection<string> Codes => _rules.Keys;

    public bool TryGetRule(string code, out BenefitRule rule) => _rules.TryGetValue(code, out rule);

    public static string RuleName(BenefitRule rule) => rule switch
    {
        BenefitRule.Exclusive => "exclusive",
        BenefitRule.CappedByExpense => "capped-by-expense",
        _ => "stackable",
    };

    public static BenefitCatalogue Load(string path)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<CatalogueFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{path} is empty.");
        var rules = new Dictionary<string, BenefitRule>(StringComparer.Ordinal);
        foreach (var b in file.Benefits)
        {
            var rule = b.Rule switch
            {
                "exclusive" => BenefitRule.Exclusive,
                "capped-by-expense" => BenefitRule.CappedByExpense,
                "stackable" => BenefitRule.Stackable,
                _ => throw new InvalidDataException($"{path}: benefit '{b.Code}' has an unknown rule '{b.Rule}'."),
            };
            if (string.IsNullOrWhiteSpace(b.Code) || !rules.TryAdd(b.Code, rule))
                throw new InvalidDataException($"{path}: benefit code '{b.Code}' is empty or listed twice.");
        }
        var c = file.Concentration;
        var concentration = c is null ? ConcentrationThreshold.Default : new ConcentrationThreshold(c.Factor, c.MinimumNeighbours,
            (c.Regions ?? []).ToDictionary(r => r.Prefix, r => r.Factor, StringComparer.Ordinal));
        if (concentration.Factor <= 1 || concentration.MinimumNeighbours < 1 || concentration.ByRegionPrefix.Any(r => r.Value <= 1 || !BuildingBlocks.Domain.RegionCode.IsValidPrefix(r.Key)))
            throw new InvalidDataException($"{path}: a concentration factor must be above 1, on a valid region prefix, with at least one neighbour.");
        return new BenefitCatalogue(file.Version, rules, concentration);
    }

    /// <summary>The catalogue shipped with the service, or the file named by Ledger:CataloguePath.</summary>
    public static BenefitCatalogue LoadConfigured(IConfiguration configuration) =>
        Load(configuration["Ledger:CataloguePath"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "Ledger", FileName));

    private sealed record CatalogueFile(int Version, List<CatalogueEntry> Benefits, ConcentrationEntry? Concentration);

    private sealed record ConcentrationEntry(double Factor, int MinimumNeighbours, List<RegionFactor>? Regions);

    private sealed record RegionFactor(string Prefix, double Factor);

    private sealed record CatalogueEntry(string Code, [property: JsonPropertyName("rule")] string Rule);
}

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
