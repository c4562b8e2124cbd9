using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;

namespace Coordination.Households.Tests;

public class FourLookTests
{
    private static LookScore Look(Household h, string look) => h.Assessment.Looks.Single(l => l.Look == look);

    [Fact]
    public async Task Each_look_is_scored_with_its_reason_and_the_overall_score_is_their_weighted_mean()
    {
        await using var factory = await HouseholdsFactory.CreateAsync();
        var request = People.Family();
        request.Housing = HousingCondition.Dangerous;
        request.ArableLandTenthMu = 23; // 2.3 mu for 3 people: 0.77 mu each, about half of enough
        request.Members[2].SchoolingStage = SchoolingStage.NotInSchool; // the 10-year-old has dropped out

        var h = await factory.Registry().RegisterHouseholdAsync(request);

        Assert.Equal(0, Look(h, "housing").Score);
        Assert.Contains("危房", Look(h, "housing").Reason);
        Assert.Equal(51, Look(h, "grain_and_land").Score);
        Assert.Contains("2.3 mu", Look(h, "grain_and_land").Reason);
        Assert.Equal(100, Look(h, "labour").Score); // two full labourers for three people
        Assert.Equal(0, Look(h, "children_in_school").Score);
        Assert.Contains("1 of 1", Look(h, "children_in_school").Reason);
        Assert.Equal(38, h.Assessment.Score); // (0 + 51 + 100 + 0) / 4 = 37.75
    }

    [Fact]
    public async Task The_assessment_is_recomputed_when_the_facts_change()
    {
        await using var factory = await HouseholdsFactory.CreateAsync();
        var request = People.Family();
        request.Housing = HousingCondition.Dangerous;
        var h = await factory.Registry().RegisterHouseholdAsync(request);
        var before = h.Assessment.Score;

        var updated = await factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = h.HouseholdId, Version = h.Version, Housing = HousingCondition.Safe, ArableLandTenthMu = 45,
        });
        var read = await factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = h.HouseholdId });

        Assert.Equal(100, Look(read, "housing").Score);
        Assert.Equal(100, Look(read, "grain_and_land").Score);
        Assert.Equal(100, read.Assessment.Score);
        Assert.True(read.Assessment.Score > before);
        Assert.Equal(updated.Assessment, read.Assessment);
    }

    [Fact]
    public async Task The_weights_are_configuration()
    {
        await using var factory = await HouseholdsFactory.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["FourLook:Weights:Housing"] = "1", ["FourLook:Weights:GrainAndLand"] = "0",
            ["FourLook:Weights:Labour"] = "0", ["FourLook:Weights:ChildrenInSchool"] = "0",
        });
        var request = People.Family();
        request.Housing = HousingCondition.NeedsRepair;

        var h = await factory.Registry().RegisterHouseholdAsync(request);

        Assert.Equal(50, h.Assessment.Score); // housing alone counts
        Assert.Equal(1.0, Look(h, "housing").Weight);
    }

    [Fact]
    public async Task Invalid_facts_name_their_field()
    {
        await using var factory = await HouseholdsFactory.CreateAsync();
        var request = People.Family();
        request.Housing = (HousingCondition)9;
        request.ArableLandTenthMu = -1;
        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Registry().RegisterHouseholdAsync(request).ResponseAsync);
        Assert.Contains(error.FieldViolations(), v => v.Field == "housing");
        Assert.Contains(error.FieldViolations(), v => v.Field == "arable_land_tenth_mu");

        var h = await factory.Registry().RegisterHouseholdAsync(People.Family());
        var updateError = await Assert.ThrowsAsync<RpcException>(() => factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = h.HouseholdId, Version = h.Version, Housing = HousingCondition.Unspecified,
        }).ResponseAsync);
        Assert.Contains(updateError.FieldViolations(), v => v.Field == "housing");
    }
}
