using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Coordination.Donors.V1;

namespace Coordination.Donors.Tests;

/// <summary>Valid registrations and pledges for tests: credit codes with correct check characters, unique per call.</summary>
public static class Enterprises
{
    private static int _sequence = Random.Shared.Next(0, 1_000_000);

    /// <summary>A valid GB 32100 code: 9 (industry and commerce), 1 (enterprise), a region, an organisation code, the check character.</summary>
    public static string NewCreditCode(string region = "520402")
    {
        var organisation = Interlocked.Increment(ref _sequence).ToString("000000000", CultureInfo.InvariantCulture);
        var first17 = "91" + region + organisation;
        return first17 + CreditCode.CheckCharacter(first17);
    }

    public static RegisterEnterpriseRequest Registration(string? creditCode = null) => new()
    {
        Name = "黔货出山农业发展有限公司",
        CreditCode = creditCode ?? NewCreditCode(),
        ContactName = "陈经理",
        ContactPhone = "0858-1234567",
        RegionCode = "520402",
    };

    public static CreatePledgeRequest MoneyPledge(string enterpriseId, long amountFen = 1_000_000, long capFen = 200_000, string? key = null)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var request = new CreatePledgeRequest
        {
            EnterpriseId = enterpriseId,
            RequestId = key ?? Guid.NewGuid().ToString(),
            Kind = PledgeKind.Money,
            Title = "助学金",
            AmountFen = amountFen,
            PerHouseholdCap = capFen,
            ValidFrom = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ValidUntil = today.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        request.TargetRegionCodes.Add("520402");
        request.Categories.Add(NeedCategory.Education);
        return request;
    }

    /// <summary>Registers, approves and activates an enterprise.</summary>
    public static async Task<Enterprise> ActiveAsync(DonorEnterprises.DonorEnterprisesClient donors, string? creditCode = null)
    {
        var registered = await donors.RegisterEnterpriseAsync(Registration(creditCode));
        await donors.ApproveEnterpriseAsync(new ApproveEnterpriseRequest { EnterpriseId = registered.EnterpriseId, ApprovedBy = "县扶贫办 李主任" });
        return await donors.ActivateEnterpriseAsync(new ActivateEnterpriseRequest { EnterpriseId = registered.EnterpriseId });
    }
}
