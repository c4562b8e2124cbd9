using Coordination.BuildingBlocks.Aid;

namespace Coordination.Donors.Matching;

/// <summary>
/// The suite's benefit catalogue as the donors service reads it. The file is the ledger's own
/// (services/Ledger/Grants/benefit-catalogue.json, linked into this project at build time), so
/// one edit changes both; donors reads it leniently: only the benefit codes and their rules, and a rule
/// this service does not know is kept as <see cref="BenefitRule.Unknown"/> and its benefit is not
/// allocated (never allocated blindly).
/// </summary>
public static class MatchingCatalogue
{
    public const string Section = "Matching";

    private static readonly Lazy<BenefitCatalogue> ShippedCatalogue = new(() => BenefitCatalogue.Load(BenefitCatalogue.Shipped(Section), strict: false));

    /// <summary>The catalogue built into the service (the ledger's file at build time).</summary>
    public static BenefitCatalogue Shipped => ShippedCatalogue.Value;

    /// <summary>The file named by Matching:CataloguePath (the same file the ledger is given), or the shipped one.</summary>
    public static BenefitCatalogue LoadConfigured(IConfiguration configuration) =>
        configuration[$"{Section}:CataloguePath"] is { Length: > 0 } ? BenefitCatalogue.LoadConfigured(configuration, Section, strict: false) : Shipped;
}
