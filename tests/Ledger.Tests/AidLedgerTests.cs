using Coordination.BuildingBlocks.Domain;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Ledger.V1;
using Coordination.TestSupport;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using AidDuplicateDetected = Coordination.Contracts.Events.AidDuplicateDetected;
using GrantorKind = Coordination.Contracts.GrantorKind;

namespace Coordination.Ledger.Tests;

/// <summary>
/// The ledger fed through the in-memory bus as the departments will feed it over RabbitMQ: each event
/// passes the inbox filter and the ledger's consumers, then the coordinator's gRPC views are read.
/// </summary>
public class AidLedgerTests : IAsyncLifetime
{
    private LedgerFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await LedgerFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static readonly Grantor Education = new(GrantorKind.Department, "education", "县教育局");
    private static readonly Grantor Enterprise = new(GrantorKind.Enterprise, "91520402MA6DM5X12L", "安顺某茶叶公司");
    private static readonly Grantor Medical = new(GrantorKind.Department, "medical", "县医保局");
    private static readonly Grantor Industry = new(GrantorKind.Department, "industry", "县农业农村局");
    private static readonly DateOnly TermStart = new(2026, 9, 1);
    private static readonly DateOnly TermEnd = new(2027, 1, 31);

    private Coordination.Ledger.V1.AidLedger.AidLedgerClient Ledger() => new(_factory.Channel());

    private static AidGranted Grant(Guid householdId, Guid? personId, Grantor grantor, string code, long amountFen, long inKindFen = 0,
        DateOnly? start = null, DateOnly? end = null, string? expenseReference = null, long? expenseFen = null, string programme = "雨露计划") =>
        new(Guid.NewGuid(), householdId, personId, grantor, programme, code, amountFen, inKindFen,
            start ?? TermStart, end ?? TermEnd, DateTime.UtcNow, expenseReference, expenseFen);

    /// <summary>Publishes on the host's bus and waits until the inbox recorded the message as handled.</summary>
    private async Task DeliverAsync<T>(T message, Guid? messageId = null) where T : class
    {
        var id = messageId ?? Guid.NewGuid();
        await _factory.Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = id);
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == id)),
            TimeSpan.FromSeconds(20), $"{typeof(T).Name} {id} consumed");
    }

    private async Task<(Guid HouseholdId, Guid PersonId, string RegionCode)> RegisteredAsync(string region = "520402101201")
    {
        var h = await _factory.Registry().RegisterHouseholdAsync(People.Family(region));
        return (Guid.Parse(h.HouseholdId), Guid.Parse(h.Members[^1].PersonId), h.RegionCode);
    }

    private Task<ListAidDuplicatesResponse> DuplicatesOfAsync(Guid householdId) =>
        Ledger().ListAidDuplicatesAsync(new ListAidDuplicatesRequest { HouseholdId = householdId.ToString() }).ResponseAsync;

    [Fact]
    public async Task Two_tuition_waivers_for_one_student_and_term_from_education_and_an_enterprise_are_a_duplicate()
    {
        var (household, student, region) = await RegisteredAsync();
        var fromEducation = Grant(household, student, Education, "education.tuition-waiver", 0, inKindFen: 250_000);
        var fromEnterprise = Grant(household, student, Enterprise, "education.tuition-waiver", 250_000, programme: "企业助学");
        await DeliverAsync(fromEducation);
        await DeliverAsync(fromEnterprise);

        var detection = Assert.Single((await DuplicatesOfAsync(household)).Duplicates);
        Assert.Equal(("exclusive", "education.tuition-waiver", region), (detection.Rule, detection.BenefitTypeCode, detection.RegionCode));
        Assert.Equal([fromEnterprise.GrantId.ToString(), fromEducation.GrantId.ToString()], detection.GrantIds);
        Assert.Contains(Enterprise.Code, detection.Explanation);
        var published = Assert.Single(await _factory.EventsAsync<AidDuplicateDetected>());
        Assert.Equal((household, "exclusive"), (published.Event.HouseholdId, published.Event.Rule));
        Assert.Equal([fromEnterprise.GrantId, fromEducation.GrantId], published.Event.GrantIds);
        Assert.Equal(Guid.Parse(detection.DetectionId), published.Event.DetectionId);

        // Both grants stay in the ledger: the granting side decides which to revoke.
        var aid = await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString() });
        Assert.Equal(2, aid.Grants.Count);
        Assert.Equal(500_000, aid.TotalValueFen); // the in-kind waiver counts at its value
    }

    [Fact]
    public async Task Tuition_waivers_for_different_terms_or_different_students_are_not_a_duplicate()
    {
        var (household, student, _) = await RegisteredAsync();
        await DeliverAsync(Grant(household, student, Education, "education.tuition-waiver", 0, 250_000));
        await DeliverAsync(Grant(household, student, Enterprise, "education.tuition-waiver", 250_000, start: new(2027, 3, 1), end: new(2027, 7, 15)));
        await DeliverAsync(Grant(household, Guid.NewGuid(), Enterprise, "education.tuition-waiver", 250_000));

        Assert.Empty((await DuplicatesOfAsync(household)).Duplicates);
        Assert.Empty(await _factory.EventsAsync<AidDuplicateDetected>());
    }

    [Fact]
    public async Task A_person_less_exclusive_grant_clashes_with_the_household_s_own_and_not_with_a_member_s()
    {
        var (household, pupil, _) = await RegisteredAsync();
        var forHousehold = Grant(household, null, Education, "education.boarding-subsidy", 50_000);
        var forPupil = Grant(household, pupil, Enterprise, "education.boarding-subsidy", 50_000);
        var earlierTerm = Grant(household, null, Enterprise, "education.boarding-subsidy", 50_000, start: TermStart.AddYears(-1), end: TermEnd.AddYears(-1));
        await DeliverAsync(forHousehold);
        await DeliverAsync(forPupil);
        await DeliverAsync(earlierTerm);
        Assert.Empty((await DuplicatesOfAsync(household)).Duplicates);

        var again = Grant(household, null, Enterprise, "education.boarding-subsidy", 30_000, start: TermStart.AddMonths(2), end: TermEnd);
        await DeliverAsync(again);

        var detection = Assert.Single((await DuplicatesOfAsync(household)).Duplicates);
        Assert.Equal([again.GrantId.ToString(), forHousehold.GrantId.ToString()], detection.GrantIds);
    }

    [Fact]
    public async Task Reimbursements_of_one_medical_bill_above_the_bill_are_flagged_and_those_within_it_are_not()
    {
        var (household, patient, _) = await RegisteredAsync();
        const long bill = 1_000_000;
        var basic = Grant(household, patient, Medical, "medical.basic-insurance", 600_000, expenseReference: "bill-7", expenseFen: bill);
        var serious = Grant(household, patient, Medical, "medical.serious-illness-insurance", 300_000, expenseReference: "bill-7", expenseFen: bill);
        await DeliverAsync(basic);
        await DeliverAsync(serious);
        Assert.Empty((await DuplicatesOfAsync(household)).Duplicates); // 9,000 of 10,000 yuan: within the bill

        var assistance = Grant(household, patient, Medical, "medical.assistance", 200_000, expenseReference: "bill-7", expenseFen: bill);
        await DeliverAsync(assistance);

        var detection = Assert.Single((await DuplicatesOfAsync(household)).Duplicates);
        Assert.Equal(("capped-by-expense", "medical.assistance"), (detection.Rule, detection.BenefitTypeCode));
        Assert.Equal([assistance.GrantId.ToString(), basic.GrantId.ToString(), serious.GrantId.ToString()], detection.GrantIds);
        Assert.Contains("11000.00", detection.Explanation);
        Assert.Contains("10000.00", detection.Explanation);
        Assert.Single(await _factory.EventsAsync<AidDuplicateDetected>());
    }

    [Fact]
    public async Task Reimbursements_of_another_household_s_bill_of_the_same_reference_do_not_count_against_this_one()
    {
        var (first, firstPatient, _) = await RegisteredAsync();
        var (second, secondPatient, _) = await RegisteredAsync();
        const long bill = 1_000_000;
        // Hospitals number their own bills: two households' bills may share a reference.
        await DeliverAsync(Grant(first, firstPatient, Medical, "medical.basic-insurance", 600_000, expenseReference: "bill-7", expenseFen: bill));
        await DeliverAsync(Grant(first, firstPatient, Medical, "medical.serious-illness-insurance", 300_000, expenseReference: "bill-7", expenseFen: bill));
        await DeliverAsync(Grant(second, secondPatient, Medical, "medical.assistance", 200_000, expenseReference: "bill-7", expenseFen: bill));

        Assert.Empty((await DuplicatesOfAsync(first)).Duplicates);
        Assert.Empty((await DuplicatesOfAsync(second)).Duplicates);
    }

    [Fact]
    public async Task Dividends_from_two_projects_stack()
    {
        var (household, _, _) = await RegisteredAsync();
        var year = (Start: new DateOnly(2026, 1, 1), End: new DateOnly(2026, 12, 31));
        await DeliverAsync(Grant(household, null, Industry, "industry.dividend", 80_000, start: year.Start, end: year.End, programme: "茶叶合作社"));
        await DeliverAsync(Grant(household, null, Industry, "industry.dividend", 50_000, start: year.Start, end: year.End, programme: "光伏电站"));

        Assert.Empty((await DuplicatesOfAsync(household)).Duplicates);
        var aid = await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString(), BenefitTypeCode = "industry.dividend" });
        Assert.Equal((2, 130_000L), (aid.Grants.Count, aid.TotalAmountFen));
    }

    [Fact]
    public async Task The_same_grant_delivered_twice_counts_once()
    {
        var (household, student, _) = await RegisteredAsync();
        var grant = Grant(household, student, Education, "education.tuition-waiver", 0, 250_000);
        var messageId = Guid.NewGuid();
        await DeliverAsync(grant, messageId);
        await DeliverAsync(grant, messageId);   // a redelivery of the same message
        await DeliverAsync(grant);              // the same grant sent again as a new message
        await DeliverAsync(grant with { AmountFen = 999 }); // a second event claiming the same grant id

        var aid = await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString() });
        var entry = Assert.Single(aid.Grants);
        Assert.Equal((0L, 250_000L), (entry.AmountFen, entry.InKindValueFen));
        Assert.Equal(250_000, aid.TotalValueFen);
        Assert.Empty((await DuplicatesOfAsync(household)).Duplicates); // a grant never clashes with itself
    }

    [Fact]
    public async Task A_revoked_grant_stays_listed_but_no_longer_counts_nor_clashes()
    {
        var (household, student, _) = await RegisteredAsync();
        var first = Grant(household, student, Education, "education.tuition-waiver", 0, 250_000);
        await DeliverAsync(first);
        var revocation = new AidRevoked(first.GrantId, household, Education, "granted by mistake", DateTime.UtcNow);
        await DeliverAsync(revocation);
        await DeliverAsync(revocation); // a second revocation changes nothing

        var aid = await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString() });
        var entry = Assert.Single(aid.Grants);
        Assert.True(entry.Revoked);
        Assert.Equal("granted by mistake", entry.RevocationReason);
        Assert.Equal(0, aid.TotalValueFen);

        // The enterprise may now waive the tuition: the revoked grant does not stand in the way.
        await DeliverAsync(Grant(household, student, Enterprise, "education.tuition-waiver", 250_000));
        Assert.Empty((await DuplicatesOfAsync(household)).Duplicates);
    }

    [Fact]
    public async Task A_revocation_from_anyone_but_the_grant_s_own_grantor_changes_nothing()
    {
        var (household, student, _) = await RegisteredAsync();
        var grant = Grant(household, student, Education, "education.living-subsidy", 62_500);
        await DeliverAsync(grant);

        // Another grantor, then the same code as another kind of grantor.
        await DeliverAsync(new AidRevoked(grant.GrantId, household, Enterprise, "not ours to give", DateTime.UtcNow));
        await DeliverAsync(new AidRevoked(grant.GrantId, household, Education with { Kind = GrantorKind.Enterprise }, "spoofed", DateTime.UtcNow));

        var aid = await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString() });
        var entry = Assert.Single(aid.Grants);
        Assert.False(entry.Revoked);
        Assert.Equal(62_500, aid.TotalValueFen);

        await DeliverAsync(new AidRevoked(grant.GrantId, household, Education, "paid twice", DateTime.UtcNow));
        Assert.True(Assert.Single((await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString() })).Grants).Revoked);
    }

    [Fact]
    public async Task A_revocation_that_overtakes_its_grant_is_applied_when_the_grant_arrives()
    {
        var (household, student, _) = await RegisteredAsync();
        var grant = Grant(household, student, Education, "education.living-subsidy", 62_500);
        var revocationId = Guid.NewGuid();
        await _factory.Services.GetRequiredService<IBus>().Publish(
            new AidRevoked(grant.GrantId, household, Education, "paid twice", DateTime.UtcNow), c => c.MessageId = revocationId);

        await DeliverAsync(grant);
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == revocationId)),
            TimeSpan.FromSeconds(20), "the revocation, retried until its grant is in");

        var aid = await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString() });
        Assert.True(Assert.Single(aid.Grants).Revoked);
        Assert.Equal(0, aid.TotalValueFen);
    }

    [Fact]
    public async Task Household_aid_is_filtered_by_person_benefit_type_grantor_and_year_with_totals()
    {
        var (household, student, _) = await RegisteredAsync();
        var other = await RegisteredAsync("520402101202");
        await DeliverAsync(Grant(household, student, Education, "education.tuition-waiver", 0, 250_000));
        await DeliverAsync(Grant(household, student, Enterprise, "education.scholarship", 100_000));
        await DeliverAsync(Grant(household, null, Industry, "industry.dividend", 80_000, start: new(2025, 1, 1), end: new(2025, 12, 31)));
        await DeliverAsync(Grant(other.HouseholdId, other.PersonId, Education, "education.scholarship", 70_000));

        var all = await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString() });
        Assert.Equal(3, all.Grants.Count);
        Assert.Equal((180_000L, 250_000L, 430_000L), (all.TotalAmountFen, all.TotalInKindValueFen, all.TotalValueFen));
        Assert.Equal([(Enterprise.Code, 100_000L, 0L), ("education", 0L, 250_000L), ("industry", 80_000L, 0L)],
            all.ByGrantor.Select(t => (t.Key, t.AmountFen, t.InKindValueFen)));
        Assert.Equal(2026, int.Parse(all.Grants[0].PeriodStart[..4], System.Globalization.CultureInfo.InvariantCulture)); // newest first

        var forStudent = await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString(), PersonId = student.ToString() });
        Assert.Equal(2, forStudent.Grants.Count);
        var byEnterprise = await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString(), GrantorCode = Enterprise.Code });
        Assert.Equal(("education.scholarship", 100_000L), (Assert.Single(byEnterprise.Grants).BenefitTypeCode, byEnterprise.TotalValueFen));
        var in2025 = await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString(), Year = 2025 });
        Assert.Equal("industry.dividend", Assert.Single(in2025.Grants).BenefitTypeCode);
    }

    [Fact]
    public async Task Duplicates_are_listed_by_region_prefix()
    {
        var here = await RegisteredAsync("520402101201");
        var there = await RegisteredAsync("530102001001");
        foreach (var (household, person, _) in new[] { here, there })
        {
            await DeliverAsync(Grant(household, person, Medical, "medical.premium-subsidy", 32_000, start: new(2026, 1, 1), end: new(2026, 12, 31)));
            await DeliverAsync(Grant(household, person, Enterprise, "medical.premium-subsidy", 32_000, start: new(2026, 1, 1), end: new(2026, 12, 31)));
        }

        var inCounty = await Ledger().ListAidDuplicatesAsync(new ListAidDuplicatesRequest { RegionPrefix = "520402" });
        Assert.Equal(here.HouseholdId.ToString(), Assert.Single(inCounty.Duplicates).HouseholdId);
        var inProvince = await Ledger().ListAidDuplicatesAsync(new ListAidDuplicatesRequest { RegionPrefix = "53" });
        Assert.Equal(there.HouseholdId.ToString(), Assert.Single(inProvince.Duplicates).HouseholdId);
    }

    [Fact]
    public async Task A_grant_event_beyond_the_bound_is_refused_and_the_household_s_totals_stay_exact()
    {
        var (household, student, _) = await RegisteredAsync();
        await DeliverAsync(Grant(household, student, Medical, "medical.assistance", 1));
        await DeliverAsync(Grant(household, student, Medical, "medical.assistance", long.MaxValue));
        await DeliverAsync(Grant(household, student, Medical, "medical.assistance", Money.MaxFen + 1));
        await DeliverAsync(Grant(household, student, Medical, "medical.assistance", 0, inKindFen: -1));
        await DeliverAsync(Grant(household, student, Medical, "medical.assistance", Money.MaxFen));

        var aid = await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString() });
        Assert.Equal(2, aid.Grants.Count);
        Assert.Equal(Money.MaxFen + 1, aid.TotalAmountFen);
        // Later grants and sums go on unaffected.
        await DeliverAsync(Grant(household, student, Medical, "medical.assistance", 5));
        var after = await Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString() });
        Assert.Equal(Money.MaxFen + 6, after.TotalAmountFen);
        var totals = await Ledger().GetRegionAidTotalsAsync(new GetRegionAidTotalsRequest { RegionPrefix = "520402" });
        Assert.Equal(Money.MaxFen + 6, totals.TotalAmountFen);
    }

    [Fact]
    public async Task A_check_with_amounts_beyond_the_bound_is_InvalidArgument_naming_each_field_not_an_overflow()
    {
        var (household, student, _) = await RegisteredAsync();
        var request = new CheckAidGrantRequest
        {
            HouseholdId = household.ToString(), PersonId = student.ToString(), GrantorKind = V1.AidGrantorKind.Department,
            GrantorCode = "medical", BenefitTypeCode = "medical.assistance", AmountFen = long.MaxValue, InKindValueFen = long.MaxValue,
            PeriodStart = "2026-10-01", PeriodEnd = "2026-12-31", ExpenseReference = "bill-1", ExpenseAmountFen = long.MaxValue,
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => Ledger().CheckAidGrantAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["amount_fen", "in_kind_value_fen", "expense_amount_fen"], error.FieldViolations().Select(f => f.Field));
    }

    [Fact]
    public async Task The_check_call_answers_whether_a_grant_would_break_a_rule_and_stores_nothing()
    {
        var (household, student, _) = await RegisteredAsync();
        var existing = Grant(household, student, Education, "education.tuition-waiver", 0, 250_000);
        await DeliverAsync(existing);
        var request = new CheckAidGrantRequest
        {
            HouseholdId = household.ToString(), PersonId = student.ToString(), GrantorKind = V1.AidGrantorKind.Enterprise,
            GrantorCode = Enterprise.Code, BenefitTypeCode = "education.tuition-waiver", AmountFen = 250_000,
            PeriodStart = "2026-10-01", PeriodEnd = "2026-12-31",
        };

        var answer = await Ledger().CheckAidGrantAsync(request);
        Assert.True(answer.BreaksRule);
        var finding = Assert.Single(answer.Findings);
        Assert.Equal(("exclusive", existing.GrantId.ToString()), (finding.Rule, Assert.Single(finding.ConflictingGrantIds)));

        request.PeriodStart = "2027-03-01";
        request.PeriodEnd = "2027-07-15";
        Assert.False((await Ledger().CheckAidGrantAsync(request)).BreaksRule);

        Assert.Equal(1, await _factory.WithDbAsync(db => db.AidGrants.CountAsync()));
        Assert.Empty((await DuplicatesOfAsync(household)).Duplicates);
        Assert.Empty(await _factory.EventsAsync<AidDuplicateDetected>());
    }

    [Fact]
    public async Task The_check_call_sees_a_reimbursement_above_the_bill()
    {
        var (household, patient, _) = await RegisteredAsync();
        await DeliverAsync(Grant(household, patient, Medical, "medical.basic-insurance", 700_000, expenseReference: "bill-9", expenseFen: 1_000_000));
        var request = new CheckAidGrantRequest
        {
            HouseholdId = household.ToString(), PersonId = patient.ToString(), GrantorKind = V1.AidGrantorKind.Department,
            GrantorCode = "medical", BenefitTypeCode = "medical.assistance", AmountFen = 300_000,
            PeriodStart = "2026-05-01", PeriodEnd = "2026-05-01", ExpenseReference = "bill-9", ExpenseAmountFen = 1_000_000,
        };
        Assert.False((await Ledger().CheckAidGrantAsync(request)).BreaksRule); // exactly the bill is allowed
        request.AmountFen = 300_001;
        Assert.Equal("capped-by-expense", Assert.Single((await Ledger().CheckAidGrantAsync(request)).Findings).Rule);
    }

    [Fact]
    public async Task An_invalid_check_is_refused_with_every_field_named()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Ledger().CheckAidGrantAsync(new CheckAidGrantRequest
        {
            HouseholdId = "not-a-uuid", PersonId = "x", GrantorCode = "", BenefitTypeCode = "education.free-lunch",
            AmountFen = -1, PeriodStart = "2026-13-01", PeriodEnd = "2026-01-01",
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(
            ["amount_fen", "benefit_type_code", "grantor_code", "grantor_kind", "household_id", "period_start", "person_id"],
            e.FieldViolations().Select(v => v.Field).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Invalid_queries_are_refused_with_the_field()
    {
        var aid = await Assert.ThrowsAsync<RpcException>(() => Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest
        {
            HouseholdId = Guid.NewGuid().ToString(), BenefitTypeCode = "nope", Year = 1900,
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, aid.StatusCode);
        Assert.Equal(["benefit_type_code", "year"], aid.FieldViolations().Select(v => v.Field).Order(StringComparer.Ordinal));

        var duplicates = await Assert.ThrowsAsync<RpcException>(() => Ledger().ListAidDuplicatesAsync(new ListAidDuplicatesRequest { RegionPrefix = "520" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, duplicates.StatusCode);
        Assert.Equal("region_prefix", Assert.Single(duplicates.FieldViolations()).Field);
    }

    [Fact]
    public async Task The_ledger_answers_over_REST_as_well()
    {
        var (household, student, region) = await RegisteredAsync();
        await DeliverAsync(Grant(household, student, Education, "education.tuition-waiver", 0, 250_000));
        await DeliverAsync(Grant(household, student, Enterprise, "education.tuition-waiver", 250_000));
        var client = _factory.CreateClient();

        var aid = await client.GetFromJsonAsync<JsonElement>($"/api/v1/ledger/households/{household}/aid?benefitTypeCode=education.tuition-waiver");
        Assert.Equal(2, aid.GetProperty("grants").GetArrayLength());
        Assert.Equal(500_000, aid.GetProperty("totalValueFen").GetInt64());

        var duplicates = await client.GetFromJsonAsync<JsonElement>($"/api/v1/ledger/aid-duplicates?regionPrefix={region}");
        Assert.Equal(household.ToString(), duplicates.GetProperty("duplicates")[0].GetProperty("householdId").GetString());

        var check = await client.PostAsJsonAsync("/api/v1/ledger/aid:check", new
        {
            householdId = household, personId = student, grantorKind = "AID_GRANTOR_KIND_DEPARTMENT", grantorCode = "education",
            benefitTypeCode = "education.tuition-waiver", inKindValueFen = 250_000, periodStart = "2026-09-01", periodEnd = "2027-01-31",
        });
        check.EnsureSuccessStatusCode();
        Assert.True((await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("breaksRule").GetBoolean());

        var bad = await client.PostAsJsonAsync("/api/v1/ledger/aid:check", new { householdId = "x" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public Task Clashing_grants_arriving_together_are_still_detected() => ClashingGrantsTogetherAsync();

    [PostgresFact]
    public async Task Clashing_grants_arriving_together_are_still_detected_on_PostgreSQL()
    {
        await _factory.DisposeAsync();
        _factory = await LedgerFactory.CreateAsync(BuildingBlocks.Persistence.DatabaseProvider.PostgreSql);
        await ClashingGrantsTogetherAsync();
    }

    private async Task ClashingGrantsTogetherAsync()
    {
        var (household, student, _) = await RegisteredAsync();
        var bus = _factory.Services.GetRequiredService<IBus>();
        var grants = Enumerable.Range(0, 8).Select(i => Grant(household, student, i % 2 == 0 ? Education : Enterprise, "education.tuition-waiver", 250_000)).ToList();
        var messageIds = grants.Select(_ => Guid.NewGuid()).ToArray();
        // Published at once, not one after another: the consumers would run side by side if they could.
        await Task.WhenAll(grants.Select((g, i) => bus.Publish(g, c => c.MessageId = messageIds[i])));
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.InboxMessages.CountAsync(m => messageIds.Contains(m.MessageId)).ContinueWith(t => t.Result == 8)),
            TimeSpan.FromSeconds(30), "all grants consumed");

        // Every grant after the first clashes with all before it, whatever the order they were judged in.
        var detections = (await DuplicatesOfAsync(household)).Duplicates;
        Assert.Equal(7, detections.Count);
        Assert.Equal(Enumerable.Range(2, 7), detections.Select(d => d.GrantIds.Count).Order());
    }
}

