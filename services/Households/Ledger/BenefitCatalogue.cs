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

    public BenefitCatalogue(int version, IReadOnlyDictionary<string, BenefitRule> rules)
    {
        Version = version;
        _rules = new Dictionary<string, BenefitRule>(rules, StringComparer.Ordinal);
    }

    public int Version { get; }

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
        return new BenefitCatalogue(file.Version, rules);
    }

    /// <summary>The catalogue shipped with the service, or the file named by Ledger:CataloguePath.</summary>
    public static BenefitCatalogue LoadConfigured(IConfiguration configuration) =>
        Load(configuration["Ledger:CataloguePath"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "Ledger", FileName));

    private sealed record CatalogueFile(int Version, List<CatalogueEntry> Benefits);

    private sealed record CatalogueEntry(string Code, [property: JsonPropertyName("rule")] string Rule);
}
