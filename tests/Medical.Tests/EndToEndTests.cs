using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.Medical.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace Coordination.Medical.Tests;

/// <summary>
/// The registry and medical as real processes over the test RabbitMQ, each with its own SQLite file:
/// medical learns the household from the registry's event, and what it grants leaves over the bus.
/// </summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private ProcessSuite? _suite;

    private ServiceProcess RegistryProcess => _suite!["households"];

    private ServiceProcess MedicalProcess => _suite!["medical"];

    public async Task InitializeAsync()
    {
        if (TestEnvironment.RabbitMq is null) return; // the tests skip themselves
        _suite = await ProcessSuite.StartAsync(["households", "ledger", "medical"]);
    }

    public async Task DisposeAsync()
    {
        if (_suite is not null) await _suite.DisposeAsync();
    }

    private string Logs() => _suite!.Logs();

    [RabbitMqFact]
    public async Task A_registered_members_large_claim_is_reimbursed_as_AidGranted_and_raises_theRegistryProcess_monitoring_flag_over_RabbitMQ()
    {
        await using var grants = await EventProbe<AidGranted>.StartAsync();
        await using var expenses = await EventProbe<LargeMedicalExpenseIncurred>.StartAsync();
        using var registryChannel = RegistryProcess.Channel();
        using var medicalChannel = MedicalProcess.Channel();
        var registry = new HouseholdRegistry.HouseholdRegistryClient(registryChannel);
        var medical = new MedicalAid.MedicalAidClient(medicalChannel);

        var household = await registry.RegisterHouseholdAsync(People.Family());
        var patient = household.Members.Single(m => m.Relation == Households.V1.Relation.Spouse);

        // HouseholdRegistered: the registry's outbox → RabbitMQ → medical's inbox and household directory.
        await Eventually.GetAsync(async () =>
        {
            try { return await medical.GetMedicalGuaranteeAsync(new GetMedicalGuaranteeRequest { HouseholdId = household.HouseholdId }); }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        }, TimeSpan.FromSeconds(20), "medical to learn of the household\n" + Logs());

        var year = DateTime.UtcNow.Year;
        var enrolment = await medical.EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = patient.PersonId, Year = year, PremiumFen = 32_000 });
        Assert.Equal(32_000, enrolment.PremiumSubsidyFen);

        var claim = await medical.FileClaimAsync(new FileClaimRequest
        {
            RequestId = "e2e-" + Guid.NewGuid(),
            PersonId = patient.PersonId,
            Hospital = "六盘水市人民医院",
            ServiceDate = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            TotalCostFen = 30_000_000, // 300,000 yuan
            DiagnosisCategory = Medical.V1.DiagnosisCategory.SeriousIllness,
            CareType = CareType.Inpatient,
        });
        Assert.True(claim.LargeExpense);
        Assert.Equal(3, claim.Reimbursements.Count);

        var expense = await expenses.WaitForAsync(e => e.ClaimId.ToString() == claim.ClaimId, TimeSpan.FromSeconds(20));
        Assert.Equal(household.HouseholdId, expense.Message.HouseholdId.ToString());
        Assert.Equal(patient.PersonId, expense.Message.PersonId.ToString());
        Assert.Equal(30_000_000, expense.Message.TotalCostFen);
        Assert.Equal(claim.OutOfPocketFen, expense.Message.OutOfPocketFen);

        await Eventually.TrueAsync(() => Task.FromResult(grants.Received.Count(g => g.Message.ExpenseReference == claim.ClaimId) == 3),
            TimeSpan.FromSeconds(20), "three reimbursements as AidGranted\n" + Logs());
        var reimbursements = grants.Received.Select(g => g.Message).Where(g => g.ExpenseReference == claim.ClaimId).ToList();
        Assert.Equal(
            new[] { "medical.assistance", "medical.basic-insurance", "medical.serious-illness-insurance" },
            reimbursements.Select(g => g.BenefitTypeCode).Order());
        Assert.All(reimbursements, g => Assert.Equal(30_000_000, g.ExpenseAmountFen));
        Assert.Equal(claim.ReimbursedFen, reimbursements.Sum(g => g.AmountFen));
        Assert.True(claim.ReimbursedFen <= claim.TotalCostFen);
        await grants.WaitForAsync(g => g.BenefitTypeCode == "medical.premium-subsidy" && g.PersonId.ToString() == patient.PersonId);

        // The registry takes the event as a 返贫 warning: the household gets its sudden-hardship flag.
        var flag = await Eventually.GetAsync(async () =>
            (await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = household.HouseholdId }))
                .MonitoringFlags.SingleOrDefault(f => f.Category == MonitoringCategory.SuddenHardship),
            TimeSpan.FromSeconds(20), "the registry to raise the monitoring flag\n" + Logs());
        Assert.Equal("medical", flag.RaisedBy);
        Assert.Contains(claim.ClaimId, flag.Reason);
    }
}
