using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.BuildingBlocks.Domain;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.Ledger.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Xunit;
using Edu = Coordination.Education.V1;
using Ind = Coordination.Industry.V1;
using Med = Coordination.Medical.V1;

namespace Coordination.Ledger.Tests;

/// <summary>The whole suite as processes over the test RabbitMQ, each service on its own SQLite file, behind the gateway.</summary>
public sealed class LedgerSuite : IAsyncLifetime
{
    private ProcessSuite? _suite;

    public ProcessSuite Suite => _suite!;

    public GrpcChannel Gateway { get; private set; } = null!;

    public HttpClient GatewayHttp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.RabbitMq is null) return; // the tests skip themselves
        _suite = await ProcessSuite.StartAsync(["households", "ledger", "industry", "education", "medical", "donors"], withGateway: true);
        Gateway = _suite.Gateway.Channel();
        GatewayHttp = _suite.Gateway.Http();
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        GatewayHttp?.Dispose();
        if (_suite is not null) await _suite.DisposeAsync();
    }
}

/// <summary>
/// Acceptance 2 of the ledger (and 3 of the donors' issue): grants of industry, education, medical and
/// an enterprise for one household reach its ledger over RabbitMQ with correct totals; an event
/// delivered twice counts once; a duplicate across grantors is listed for coordinators. The
/// enterprise's help answers a need the households service itself opened.
/// </summary>
[Collection(LedgerOnRabbitMq.Name)]
public class LedgerEndToEndTests(LedgerSuite suite) : IClassFixture<LedgerSuite>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private string Logs() => suite.Suite.Logs(15);

    [RabbitMqFact]
    public async Task Grants_of_four_grantors_reach_one_ledger_once_each_and_a_duplicate_across_grantors_is_listed()
    {
        await using var granted = await EventProbe<AidGranted>.StartAsync();
        await using var needs = await EventProbe<NeedOpened>.StartAsync();
        var registry = new HouseholdRegistry.HouseholdRegistryClient(suite.Gateway);
        var ledger = new Coordination.Ledger.V1.AidLedger.AidLedgerClient(suite.Gateway);

        var h = await registry.RegisterHouseholdAsync(People.Family("520402101201"));
        var householdId = Guid.Parse(h.HouseholdId);
        var child = h.Members.Single(m => m.Relation == Coordination.Households.V1.Relation.Child).PersonId;
        var spouse = h.Members.Single(m => m.Relation == Coordination.Households.V1.Relation.Spouse).PersonId;

        // The registry's own need: a school-age child without education aid, published as NeedOpened.
        var need = (await needs.WaitForAsync(n => n.HouseholdId == householdId, Patience)).Message;
        Assert.Equal((Contracts.NeedCategory.Education, child), (need.Category, need.PersonId.ToString()));

        // Donors: an enterprise registers through the gateway's REST, is approved, pledges; the need is matched and delivered.
        var creditCode = NewCreditCode();
        var enterprise = await PostAsync("/api/v1/donors/enterprises", new
        {
            name = "黔货出山农业发展有限公司", creditCode, contactName = "陈经理", contactPhone = "0858-1234567", regionCode = "520402",
        });
        var enterpriseId = enterprise.GetProperty("enterpriseId").GetString();
        await PostAsync($"/api/v1/donors/enterprises/{enterpriseId}:approve", new { approvedBy = "县扶贫办 李主任" });
        await PostAsync($"/api/v1/donors/enterprises/{enterpriseId}:activate", new { });
        await PostAsync($"/api/v1/donors/enterprises/{enterpriseId}/pledges", new
        {
            requestId = "ledger-e2e", kind = "PLEDGE_KIND_MONEY", title = "助学金", amountFen = 500_000, perHouseholdCap = 150_000,
            targetRegionCodes = new[] { "520402101201" }, categories = new[] { "NEED_CATEGORY_EDUCATION" },
            validFrom = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), validUntil = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd"),
        });
        var allocation = (JsonElement)await Eventually.GetAsync<object>(async () =>
        {
            var run = await PostAsync("/api/v1/donors/matching:run", new { });
            foreach (var a in run.GetProperty("allocations").EnumerateArray())
                if (a.GetProperty("needId").GetString() == need.NeedId.ToString()) return a;
            return null;
        }, Patience, "the registry's need to be matched\n" + Logs());
        var allocationId = allocation.GetProperty("allocationId").GetString();
        await PostAsync($"/api/v1/donors/allocations/{allocationId}:deliver", new { });

        // Industry: a dividend once the household is known there.
        var industry = new Ind.IndustryProjects.IndustryProjectsClient(suite.Gateway);
        var project = await industry.CreateProjectAsync(new Ind.CreateProjectRequest
        {
            Name = "某村茶叶合作社", Type = Ind.ProjectType.Workshop, OperatorName = "六盘水某茶叶有限公司", OperatorKind = Ind.OperatorKind.Company,
            OperatorCreditCode = NewCreditCode(), RegionCode = "520402101", StartDate = "2025-03-01", EndDate = "2028-02-29",
            Funds = { new Ind.Fund { Source = Ind.FundSource.CentralFiscal, AmountFen = 50_000_000 } },
        });
        await UntilKnownAsync(() => industry.EnrollHouseholdAsync(new Ind.EnrollHouseholdRequest
        {
            ProjectId = project.ProjectId, HouseholdId = h.HouseholdId, Role = Ind.EnrolmentRole.Member,
        }).ResponseAsync, "industry");
        var dividend = await industry.RecordBenefitAsync(new Ind.RecordBenefitRequest
        {
            ProjectId = project.ProjectId, HouseholdId = h.HouseholdId, Type = Ind.BenefitType.Dividend, AmountFen = 123_456,
            PeriodStart = "2026-01-01", PeriodEnd = "2026-06-30", RequestId = "ledger-e2e-" + Guid.NewGuid(),
        });

        // Education: the child enrolled, then a tuition waiver.
        var education = new Edu.EducationAid.EducationAidClient(suite.Gateway);
        await UntilKnownAsync(() => education.EnrolStudentAsync(new Edu.EnrolStudentRequest
        {
            PersonId = child, SchoolCode = "520402-PS-01", SchoolName = "某村小学", Stage = Edu.Stage.Primary,
        }).ResponseAsync, "education");
        var waiver = await education.GrantBenefitAsync(new Edu.GrantBenefitRequest
        {
            RequestId = "ledger-e2e-" + Guid.NewGuid(), PersonId = child, BenefitType = Edu.BenefitType.TuitionWaiver, AmountFen = 60_000,
        });

        // Medical: insurance (premium subsidy) and a serious-illness claim reimbursed three ways.
        var medical = new Med.MedicalAid.MedicalAidClient(suite.Gateway);
        await UntilKnownAsync(() => medical.EnrolInsuranceAsync(new Med.EnrolInsuranceRequest { PersonId = spouse, Year = DateTime.UtcNow.Year, PremiumFen = 32_000 }).ResponseAsync, "medical");
        var claim = await medical.FileClaimAsync(new Med.FileClaimRequest
        {
            RequestId = "ledger-e2e-" + Guid.NewGuid(), PersonId = spouse, Hospital = "六盘水市人民医院", ServiceDate = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            TotalCostFen = 30_000_000, DiagnosisCategory = Med.DiagnosisCategory.SeriousIllness, CareType = Med.CareType.Inpatient,
        });

        // Every grant the departments and the enterprise published for the household, as RabbitMQ carried them.
        var ours = await Eventually.GetAsync(() =>
        {
            var list = granted.Received.Select(r => r.Message).Where(g => g.HouseholdId == householdId).DistinctBy(g => g.GrantId).ToList();
            return Task.FromResult(list.Count >= 7 ? list : null);
        }, Patience, "seven grants published (donor, industry, education, premium subsidy, three reimbursements)\n" + Logs());
        Assert.Equal(["education", "industry", "medical"], ours.Where(g => g.Grantor.Kind == GrantorKind.Department).Select(g => g.Grantor.Code).Distinct().Order());
        Assert.Contains(ours, g => g.GrantId.ToString() == allocationId && g.Grantor.Code == creditCode && g.BenefitTypeCode == "donor.money");
        Assert.Contains(ours, g => g.GrantId.ToString() == dividend.BenefitId && g.AmountFen == 123_456);
        Assert.Contains(ours, g => g.GrantId.ToString() == waiver.GrantId);
        Assert.Equal(3, ours.Count(g => g.ExpenseReference == claim.ClaimId));

        var aid = await LedgerWhenAsync(ledger, householdId, a => a.Grants.Count == ours.Count, "the ledger to hold the seven grants");
        Assert.Equal(ours.Sum(g => g.AmountFen), aid.TotalAmountFen);
        Assert.Equal(ours.Sum(g => g.AmountFen + g.InKindValueFen), aid.TotalValueFen);
        Assert.Equal(ours.GroupBy(g => g.Grantor.Code).Select(g => (g.Key, g.Sum(x => x.AmountFen))).OrderBy(x => x.Key, StringComparer.Ordinal),
            aid.ByGrantor.Select(t => (t.Key, t.AmountFen)));
        Assert.Equal(123_456, aid.ByBenefitType.Single(t => t.Key == "industry.dividend").AmountFen);

        // The same event twice (a redelivery with the same message id, and a second message for the same grant): counted once.
        var again = ours.Single(g => g.GrantId.ToString() == dividend.BenefitId);
        var messageId = Guid.NewGuid();
        await using (var bus = await TestBus.StartAsync())
        {
            await bus.Publish(again, c => c.MessageId = messageId);
            await bus.Publish(again, c => c.MessageId = messageId);
            await bus.Publish(again);

            // A cross-department duplicate: an enterprise's own system reports a tuition waiver for the
            // same child and term as education's.
            var educationWaiver = ours.Single(g => g.GrantId.ToString() == waiver.GrantId);
            var enterpriseWaiver = educationWaiver with
            {
                GrantId = Guid.NewGuid(), Grantor = new Grantor(GrantorKind.Enterprise, creditCode, "黔货出山农业发展有限公司"), Programme = "企业助学",
            };
            await bus.Publish(enterpriseWaiver);

            // Coordinators see it through the gateway's REST.
            var duplicate = (JsonElement)await Eventually.GetAsync<object>(async () =>
            {
                var list = await suite.GatewayHttp.GetFromJsonAsync<JsonElement>($"/api/v1/ledger/aid-duplicates?householdId={householdId}");
                return list.TryGetProperty("duplicates", out var d) && d.GetArrayLength() > 0 ? d[0] : null;
            }, Patience, "the duplicate listed\n" + Logs());
            Assert.Equal("exclusive", duplicate.GetProperty("rule").GetString());
            Assert.Equal([enterpriseWaiver.GrantId.ToString(), waiver.GrantId],
                duplicate.GetProperty("grantIds").EnumerateArray().Select(e => e.GetString()));
            aid = await LedgerWhenAsync(ledger, householdId, a => a.Grants.Count == ours.Count + 1, "the enterprise's waiver in the ledger");
        }
        // Published before the enterprise's waiver, the copies had every chance to count; a moment more for stragglers.
        await Task.Delay(TimeSpan.FromSeconds(1));
        aid = await ledger.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = h.HouseholdId });
        Assert.Equal(ours.Count + 1, aid.Grants.Count);
        Assert.Single(aid.Grants, g => g.GrantId == dividend.BenefitId);
        Assert.Equal(123_456, aid.ByBenefitType.Single(t => t.Key == "industry.dividend").AmountFen);

        // The enterprise sees its help reach the household in its trace.
        var trace = await suite.GatewayHttp.GetFromJsonAsync<JsonElement>($"/api/v1/donors/enterprises/{enterpriseId}/trace");
        var traced = trace.GetProperty("pledges")[0].GetProperty("allocations")[0];
        Assert.Equal(("ALLOCATION_STATUS_DELIVERED", "NEED_CATEGORY_EDUCATION"), (traced.GetProperty("status").GetString(), traced.GetProperty("category").GetString()));
    }

    /// <summary>
    /// The two sides of a 返贫 warning and of an exit as processes: the ledger asks, the registry raises
    /// the flag; the ledger evaluates, the registry's exit obeys its evaluation.
    /// </summary>
    [RabbitMqFact]
    public async Task A_disaster_declared_on_the_ledger_flags_the_registry_s_household_and_the_ledger_s_evaluation_guards_its_exit()
    {
        var registry = new HouseholdRegistry.HouseholdRegistryClient(suite.Gateway);
        var ledger = new Coordination.Ledger.V1.AidLedger.AidLedgerClient(suite.Gateway);
        var request = People.Family("520402102201");
        request.Members.RemoveAt(2); // no child: education would raise a dropout, and with it the same flag first
        request.IncomePerCapitaFen = 520_000;
        request.Housing = Coordination.Households.V1.HousingCondition.Safe;
        var h = await registry.RegisterHouseholdAsync(request);
        await UntilKnownAsync(async () => await ledger.EvaluateExitAsync(new EvaluateExitRequest { HouseholdId = h.HouseholdId }), "ledger");

        // Not yet eligible (the departments reported nothing): the registry refuses with the ledger's reasons.
        var refused = await Eventually.GetAsync<RpcException>(async () =>
        {
            try
            {
                await registry.ChangeHouseholdStatusAsync(new ChangeHouseholdStatusRequest
                {
                    HouseholdId = h.HouseholdId, Version = h.Version, To = Coordination.Households.V1.HouseholdStatus.Exited,
                    ExitYear = DateTime.UtcNow.Year, Reason = "达标", ChangedBy = "县扶贫办",
                });
                return null;
            }
            catch (RpcException e) when (e.Status.Detail.StartsWith("The household does not meet the exit conditions", StringComparison.Ordinal)) { return e; }
            catch (RpcException) { return null; } // pending: the ledger's evaluation is on its way
        }, Patience, "the ledger's evaluation to reach the registry\n" + Logs());
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("medical:", refused.Status.Detail);

        await ledger.FlagRegionDisasterAsync(new FlagRegionDisasterRequest { RegionPrefix = "520402102", Reason = "7月山洪", RaisedBy = "县应急局" });

        var flagged = await Eventually.GetAsync(async () =>
            await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = h.HouseholdId }) is { MonitoringFlags.Count: > 0 } read ? read : null,
            Patience, "the registry to raise the disaster's flag\n" + Logs());
        var flag = Assert.Single(flagged.MonitoringFlags);
        Assert.Equal((Coordination.Households.V1.MonitoringCategory.SuddenHardship, "县应急局", "Disaster in region 520402102: 7月山洪"), (flag.Category, flag.RaisedBy, flag.Reason));
    }

    private static int _sequence = Random.Shared.Next(0, 1_000_000);

    private static string NewCreditCode()
    {
        var first17 = "91520402" + Interlocked.Increment(ref _sequence).ToString("000000000", CultureInfo.InvariantCulture);
        return first17 + CreditCode.CheckCharacter(first17);
    }

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        var response = await suite.GatewayHttp.PostAsJsonAsync(path, body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {json}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>Retries a department call until the department has learnt of the household (HouseholdRegistered over RabbitMQ).</summary>
    private async Task UntilKnownAsync<T>(Func<Task<T>> call, string department) where T : class =>
        await Eventually.GetAsync(async () =>
        {
            try { return await call(); }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound) { return null; }
        }, Patience, $"{department} to learn of the household\n" + Logs());

    private async Task<HouseholdAid> LedgerWhenAsync(Coordination.Ledger.V1.AidLedger.AidLedgerClient ledger, Guid householdId, Func<HouseholdAid, bool> condition, string what) =>
        await Eventually.GetAsync(async () =>
        {
            var aid = await ledger.GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = householdId.ToString() });
            return condition(aid) ? aid : null;
        }, Patience, what + "\n" + Logs());
}

/// <summary>A bus on the test RabbitMQ publishing as another service would.</summary>
public static class TestBus
{
    public static async Task<BusHandle> StartAsync()
    {
        var uri = TestEnvironment.RabbitMq!;
        var settings = TestEnvironment.RabbitMqSettings();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(uri.Host, (ushort)uri.Port, settings["Messaging:RabbitMq:VirtualHost"], h =>
        {
            h.Username(settings["Messaging:RabbitMq:Username"]!);
            h.Password(settings["Messaging:RabbitMq:Password"]!);
        }));
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return new BusHandle(bus);
    }

    public sealed class BusHandle(IBusControl bus) : IAsyncDisposable
    {
        public Task Publish<T>(T message, Action<PublishContext<T>>? configure = null) where T : class =>
            configure is null ? bus.Publish(message) : bus.Publish(message, configure);

        public async ValueTask DisposeAsync() => await bus.StopAsync();
    }
}
