using Coordination.Medical.V1;
using Microsoft.Extensions.Options;
using Xunit;

namespace Coordination.Medical.Tests;

public class PolicyConfigurationTests
{
    [Fact]
    public async Task The_policy_and_the_large_expense_threshold_come_from_configuration()
    {
        await using var factory = await MedicalFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Medical:Policy:LargeExpenseThresholdFen"] = "1000",
            ["Medical:Policy:Assistance:MaxOutOfPocketPercent"] = "0",
        });
        var household = await factory.SeedHouseholdAsync();

        var claim = await factory.Client().FileClaimAsync(new FileClaimRequest
        {
            RequestId = "r", PersonId = household.Members[0].Id.ToString(), Hospital = "乡镇卫生院", ServiceDate = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            TotalCostFen = 20_000, DiagnosisCategory = DiagnosisCategory.CommonIllness, CareType = CareType.Outpatient,
        });

        // Uninsured, registered poor: with no out-of-pocket share allowed, assistance pays the whole bill.
        Assert.Equal(0, claim.OutOfPocketFen);
        Assert.Equal(20_000, claim.Reimbursements.Single(r => r.Kind == ReimbursementKind.MedicalAssistance).AmountFen);
        Assert.False(claim.LargeExpense);
    }

    [Fact]
    public async Task A_policy_that_cannot_be_applied_stops_the_service_at_start()
    {
        await using var factory = await MedicalFactory.CreateAsync(new Dictionary<string, string?> { ["Medical:Policy:Assistance:RatePercent"] = "150" });

        Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());
    }
}
