using Coordination.BuildingBlocks.Aid;
using Coordination.Donors.Matching;
using Xunit;

namespace Coordination.Donors.Tests;

/// <summary>Donors reads the ledger's catalogue file: the benefits and their rules, whatever else the ledger keeps in it.</summary>
[Trait("Acceptance", "2")]
public class BenefitCatalogueTests
{
    [Fact]
    public void The_shipped_catalogue_is_the_ledgers_with_donor_benefits_stackable_and_waivers_exclusive()
    {
        var catalogue = MatchingCatalogue.Shipped;

        Assert.True(catalogue.TryGetRule("donor.money", out var money));
        Assert.Equal(BenefitRule.Stackable, money);
        Assert.True(catalogue.TryGetRule("education.tuition-waiver", out var waiver));
        Assert.Equal(BenefitRule.Exclusive, waiver);
        Assert.True(catalogue.TryGetRule("medical.assistance", out var assistance));
        Assert.Equal(BenefitRule.CappedByExpense, assistance);
    }

    [Fact]
    public void Sections_it_does_not_use_are_ignored_and_a_rule_it_does_not_know_is_kept_as_unknown()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalogue-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "version": 2, "concentration": { "factor": 3.0, "regions": [ { "prefix": "5204", "factor": 2.5 } ] },
              "benefits": [ { "code": "donor.money", "rule": "stackable" }, { "code": "housing.grant", "rule": "capped-per-year" } ] }
            """);
        try
        {
            var catalogue = BenefitCatalogue.Load(path, strict: false);

            Assert.True(catalogue.TryGetRule("housing.grant", out var rule));
            Assert.Equal(BenefitRule.Unknown, rule);
            Assert.False(catalogue.TryGetRule("education.tuition-waiver", out _));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
