using Coordination.BuildingBlocks.Aid;
using Xunit;

namespace Coordination.Ledger.Tests;

public class BenefitCatalogueTests
{
    private static BenefitCatalogue Shipped() =>
        BenefitCatalogue.Load(BenefitCatalogue.Shipped("Grants"));

    [Theory]
    [InlineData("education.tuition-waiver", BenefitRule.Exclusive)]
    [InlineData("medical.premium-subsidy", BenefitRule.Exclusive)]
    [InlineData("medical.basic-insurance", BenefitRule.CappedByExpense)]
    [InlineData("medical.assistance", BenefitRule.CappedByExpense)]
    [InlineData("industry.dividend", BenefitRule.Stackable)]
    [InlineData("donor.goods", BenefitRule.Stackable)]
    public void The_shipped_catalogue_gives_each_benefit_type_its_rule(string code, BenefitRule expected)
    {
        Assert.True(Shipped().TryGetRule(code, out var rule));
        Assert.Equal(expected, rule);
    }

    [Fact]
    public void The_shipped_catalogue_knows_every_code_the_departments_publish()
    {
        string[] published =
        [
            "industry.dividend", "industry.wage", "industry.land-rent", "education.tuition-waiver", "education.living-subsidy",
            "education.boarding-subsidy", "education.preschool-subsidy", "education.vocational-training", "education.scholarship",
            "medical.premium-subsidy", "medical.basic-insurance", "medical.serious-illness-insurance", "medical.assistance",
            "donor.money", "donor.goods", "donor.jobs", "donor.training",
        ];
        Assert.Equal(published.Order(StringComparer.Ordinal), Shipped().Codes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_catalogue_with_an_unknown_rule_is_refused_at_load()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "version": 2, "benefits": [ { "code": "x.y", "rule": "sometimes" } ] }""");
            var e = Assert.Throws<InvalidDataException>(() => BenefitCatalogue.Load(path));
            Assert.Contains("sometimes", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_concentration_threshold_is_data_and_the_longest_region_prefix_sets_it()
    {
        var concentration = Shipped().Concentration;
        Assert.Equal((3.0, 3), (concentration.Factor, concentration.MinimumNeighbours));
        Assert.Equal(2.5, concentration.FactorFor("520402101201"));
        Assert.Equal(3.0, concentration.FactorFor("520403101201"));

        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "version": 2, "benefits": [], "concentration": { "factor": 4, "minimumNeighbours": 2, "regions": [ { "prefix": "52", "factor": 2 }, { "prefix": "5204", "factor": 5 } ] } }""");
            var loaded = BenefitCatalogue.Load(path).Concentration;
            Assert.Equal((5.0, 2.0, 4.0), (loaded.FactorFor("520402101201"), loaded.FactorFor("520102101201"), loaded.FactorFor("110101001001")));
            File.WriteAllText(path, """{ "version": 2, "benefits": [], "concentration": { "factor": 0.5, "minimumNeighbours": 2 } }""");
            Assert.Throws<InvalidDataException>(() => BenefitCatalogue.Load(path));
        }
        finally { File.Delete(path); }
    }
}
