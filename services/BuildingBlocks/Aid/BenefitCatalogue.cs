using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.BuildingBlocks.Domain;
using Microsoft.Extensions.Configuration;

namespace Coordination.BuildingBlocks.Aid;

/// <summary>
/// The benefit types and the rule each obeys, read from data (the ledger's benefit-catalogue.json,
/// services/Ledger/Grants, which the donors service links in) so that a new benefit or a changed
/// rule is an edit of the file, not of the code.
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
        BenefitRule.Stackable => "stackable",
        _ => "unknown",
    };

    /// <param name="strict">
    /// True for the ledger, which applies every rule and the concentration threshold: a rule it does not
    /// know or a bad threshold refuses the file. False for a service that only reads the benefit codes and
    /// their rules: an unknown rule is kept as <see cref="BenefitRule.Unknown"/> and the concentration
    /// section is ignored, so the ledger's file can grow without stopping that service.
    /// </param>
    public static BenefitCatalogue Load(string path, bool strict = true)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<CatalogueFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{path} is empty.");
        var rules = new Dictionary<string, BenefitRule>(StringComparer.Ordinal);
        foreach (var b in file.Benefits ?? [])
        {
            var rule = b.Rule switch
            {
                "exclusive" => BenefitRule.Exclusive,
                "capped-by-expense" => BenefitRule.CappedByExpense,
                "stackable" => BenefitRule.Stackable,
                _ when !strict => BenefitRule.Unknown,
                _ => throw new InvalidDataException($"{path}: benefit '{b.Code}' has an unknown rule '{b.Rule}'."),
            };
            if (string.IsNullOrWhiteSpace(b.Code) || !rules.TryAdd(b.Code, rule))
                throw new InvalidDataException($"{path}: benefit code '{b.Code}' is empty or listed twice.");
        }
        if (!strict) return new BenefitCatalogue(file.Version, rules);

        var c = file.Concentration;
        var concentration = c is null ? ConcentrationThreshold.Default : new ConcentrationThreshold(c.Factor, c.MinimumNeighbours,
            (c.Regions ?? []).ToDictionary(r => r.Prefix, r => r.Factor, StringComparer.Ordinal));
        if (concentration.Factor <= 1 || concentration.MinimumNeighbours < 1 || concentration.ByRegionPrefix.Any(r => r.Value <= 1 || !RegionCode.IsValidPrefix(r.Key)))
            throw new InvalidDataException($"{path}: a concentration factor must be above 1, on a valid region prefix, with at least one neighbour.");
        return new BenefitCatalogue(file.Version, rules, concentration);
    }

    /// <summary>
    /// The file named by &lt;section&gt;:CataloguePath, or the one shipped with the service in the folder
    /// of that name next to it (Ledger/benefit-catalogue.json, Matching/benefit-catalogue.json).
    /// </summary>
    public static BenefitCatalogue LoadConfigured(IConfiguration configuration, string section, bool strict = true) =>
        Load(configuration[$"{section}:CataloguePath"] is { Length: > 0 } configured ? configured : Shipped(section), strict);

    /// <summary>Where the service's own copy of the file is: &lt;section&gt;/benefit-catalogue.json next to it.</summary>
    public static string Shipped(string section) => Path.Combine(AppContext.BaseDirectory, section, FileName);

    private sealed record CatalogueFile(int Version, List<CatalogueEntry>? Benefits, ConcentrationEntry? Concentration);

    private sealed record ConcentrationEntry(double Factor, int MinimumNeighbours, List<RegionFactor>? Regions);

    private sealed record RegionFactor(string Prefix, double Factor);

    private sealed record CatalogueEntry(string Code, [property: JsonPropertyName("rule")] string? Rule);
}
