using Coordination.Households.Ledger;
using Xunit;

namespace Coordination.Households.Tests;

public class BenefitCatalogueTests
{
    private static BenefitCatalogue Shipped() =>
        BenefitCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Ledger", BenefitCatalogue.FileName));

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
}
