using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.Ledger.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Xunit;
using static Coordination.Ledger.Tests.LedgerKit;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Ledger.Tests;

/// <summary>
/// Needs found from the registry's facts, the departments' events and the ledger's grants, opened and
/// closed once each through the outbox (NeedOpened / NeedClosed, as the donors' service consumes them).
/// </summary>
public class NeedsTests : IAsyncLifetime
{
    private LedgerFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await LedgerFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_school_age_child_without_education_aid_is_an_open_need_until_education_aid_arrives()
    {
        var request = People.Family();
        var h = await _factory.RegisteredAsync(request);
        var (household, child) = (Guid.Parse(h.HouseholdId), Guid.Parse(h.Members[^1].PersonId));

        var need = Assert.Single(await _factory.NeedsOfKindsAsync(household, NeedKinds.EducationAid));
        Assert.Equal((child.ToString(), NeedCategory.Education, h.RegionCode), (need.PersonId, need.Category, need.RegionCode));
        // The acceptance rule of the mask: a need names its person by id and region only; its reason
        // gives the stage, not the age (an age with the day it was written would narrow the birth date).
        var candidates = new NationalIdCandidates(Today).Area(need.RegionCode);
        Assert.True(candidates.Count() >= 10_000, $"ListOpenNeeds: {candidates}");
        PersonalTraces.AssertAbsent(need.ToString(), request.Members[^1].NationalId, DateOnly.Parse(request.Members[^1].BirthDate));
        Assert.DoesNotContain("(10", need.Reason);
        var opened = Assert.Single(await _factory.EventsWhereAsync<NeedOpened>(e => e.HouseholdId == household));
        Assert.Equal((Guid.Parse(need.NeedId), child, Vocabulary.NeedCategory.Education, 3, h.RegionCode),
            (opened.Event.NeedId, opened.Event.PersonId, opened.Event.Category, opened.Event.Severity, opened.Event.RegionCode));

        // Aid for another member, or education aid whose period is over, does not meet it.
        await _factory.DeliverAsync(Grant(household, Guid.Parse(h.Members[0].PersonId), EducationDept, "education.vocational-training", 100_000));
        await _factory.DeliverAsync(Grant(household, child, EducationDept, "education.living-subsidy", 62_500, Today.AddYears(-1), Today.AddDays(-11)));
        Assert.Single(await _factory.NeedsOfKindsAsync(household, NeedKinds.EducationAid));

        await _factory.DeliverAsync(Grant(household, child, EducationDept, "education.living-subsidy", 62_500));
        await _factory.NeedsOfKindsAsync(household);
        var closed = Assert.Single(await _factory.EventsWhereAsync<NeedClosed>(e => e.HouseholdId == household));
        Assert.Equal(opened.Event.NeedId, closed.Event.NeedId);
        Assert.Single(await _factory.EventsWhereAsync<NeedOpened>(e => e.HouseholdId == household));
    }

    [Fact]
    public async Task Revoking_the_education_aid_that_met_a_need_opens_it_again()
    {
        var h = await _factory.RegisteredAsync(People.Family());
        var (household, child) = (Guid.Parse(h.HouseholdId), Guid.Parse(h.Members[^1].PersonId));
        var aid = Grant(household, child, EducationDept, "education.living-subsidy", 62_500);
        await _factory.DeliverAsync(aid);
        Assert.Empty(await _factory.NeedsOfKindsAsync(household)); // met: no need open

        // The revocation and the evaluation it triggers share one transaction: the evaluation must see
        // the grant as revoked although the revocation is not saved yet.
        await _factory.DeliverAsync(new AidRevoked(aid.GrantId, household, EducationDept, "paid in error", DateTime.UtcNow));
        var reopened = Assert.Single(await _factory.NeedsOfKindsAsync(household, NeedKinds.EducationAid));
        Assert.Equal(child.ToString(), reopened.PersonId);
        Assert.Equal(2, (await _factory.EventsWhereAsync<NeedOpened>(e => e.HouseholdId == household)).Count);
    }

    [Fact]
    public async Task An_uninsured_member_opens_a_medical_need_once_and_insurance_closes_it()
    {
        var request = People.Family();
        request.Members.RemoveAt(2); // no child: only the medical need is at stake
        var h = await _factory.RegisteredAsync(request);
        var household = Guid.Parse(h.HouseholdId);
        await _factory.NeedsOfKindsAsync(household);

        var uninsured = new MedicalGuaranteeChanged(household, 2026, false, "1 of 2 members have no basic medical insurance for 2026", DateTime.UtcNow);
        await _factory.DeliverAsync(uninsured);
        await _factory.DeliverAsync(uninsured); // the same fact again (another message): still one need
        var need = Assert.Single(await _factory.NeedsOfKindsAsync(household, NeedKinds.Uninsured));
        Assert.Equal((NeedCategory.Medical, 4, ""), (need.Category, need.Severity, need.PersonId));
        Assert.Contains("1 of 2 members have no basic medical insurance", need.Reason);
        Assert.Single(await _factory.EventsWhereAsync<NeedOpened>(e => e.HouseholdId == household));

        // An assessment older than the one kept changes nothing; a newer one closes the need.
        await _factory.DeliverAsync(uninsured with { Met = true, ChangedAt = uninsured.ChangedAt.AddMinutes(-5) });
        Assert.Single(await _factory.OpenNeedsAsync(household));
        await _factory.DeliverAsync(uninsured with { Met = true, Explanation = "all insured", ChangedAt = DateTime.UtcNow });
        await _factory.NeedsOfKindsAsync(household);
        Assert.Equal(Guid.Parse(need.NeedId), Assert.Single(await _factory.EventsWhereAsync<NeedClosed>(e => e.HouseholdId == household)).Event.NeedId);
    }

    [Fact]
    public async Task A_seriously_ill_member_with_a_large_out_of_pocket_cost_is_a_need_until_aid_covers_it()
    {
        var request = People.Family();
        request.Members.RemoveAt(2);
        request.Members[1].Health = HealthStatus.SeriousIllness;
        var h = await _factory.RegisteredAsync(request);
        var (household, patient, healthy) = (Guid.Parse(h.HouseholdId), Guid.Parse(h.Members[1].PersonId), Guid.Parse(h.Members[0].PersonId));

        // The same cost of a healthy member is a 返贫 warning, not this need.
        await _factory.DeliverAsync(new LargeMedicalExpenseIncurred(household, healthy, Guid.NewGuid(), 5_000_000, 1_500_000, DateTime.UtcNow));
        Assert.Empty(await _factory.OpenNeedsAsync(household));

        await _factory.DeliverAsync(new LargeMedicalExpenseIncurred(household, patient, Guid.NewGuid(), 8_000_000, 2_000_000, DateTime.UtcNow));
        var need = Assert.Single(await _factory.NeedsOfKindsAsync(household, NeedKinds.SeriousIllnessCost));
        Assert.Equal((patient.ToString(), NeedCategory.Medical, 5), (need.PersonId, need.Category, need.Severity));
        Assert.Contains("20000.00", need.Reason);

        await _factory.DeliverAsync(Grant(household, patient, MedicalDept, "medical.assistance", 1_200_000, Today, Today, "bill-9", 8_000_000));
        Assert.Single(await _factory.NeedsOfKindsAsync(household, NeedKinds.SeriousIllnessCost)); // 12,000 of 20,000 covered
        await _factory.DeliverAsync(Grant(household, patient, MedicalDept, "medical.serious-illness-insurance", 800_000, Today, Today, "bill-9", 8_000_000));
        await _factory.NeedsOfKindsAsync(household);
    }

    [Fact]
    public async Task Lack_of_capital_without_an_industry_project_is_a_need_until_the_household_enrols()
    {
        var request = People.Family();
        request.Members.RemoveAt(2);
        request.PovertyCauses.Add(PovertyCause.LackOfCapital);
        var h = await _factory.RegisteredAsync(request);
        var household = Guid.Parse(h.HouseholdId);
        var need = Assert.Single(await _factory.NeedsOfKindsAsync(household, NeedKinds.CapitalWithoutProject));
        Assert.Equal((NeedCategory.Industry, ""), (need.Category, need.PersonId));

        await _factory.DeliverAsync(new HouseholdEnrolledInProject(Guid.NewGuid(), Guid.NewGuid(), household, "茶叶合作社", "SpecialtyAgriculture", "member", h.RegionCode, DateTime.UtcNow));
        await _factory.NeedsOfKindsAsync(household);
        Assert.Contains("industry project", Assert.Single(await _factory.EventsWhereAsync<NeedClosed>(e => e.HouseholdId == household)).Event.Reason);
    }

    [Fact]
    public async Task Industry_aid_meets_the_lack_of_capital_and_no_grant_meets_a_dangerous_house()
    {
        var request = People.Family();
        request.Members.RemoveAt(2);
        request.PovertyCauses.Add(PovertyCause.LackOfCapital);
        request.Housing = HousingCondition.Dangerous;
        var h = await _factory.RegisteredAsync(request);
        var household = Guid.Parse(h.HouseholdId);
        await _factory.NeedsOfKindsAsync(household, NeedKinds.CapitalWithoutProject, NeedKinds.UnsafeHousing);

        // A grant closes only the need it can meet; the batch evaluates the household for that one.
        await _factory.DeliverAsync(Grant(household, null, IndustryDept, "industry.dividend", 30_000));
        Assert.Equal(NeedKinds.UnsafeHousing, Assert.Single(await _factory.NeedsOfKindsAsync(household, NeedKinds.UnsafeHousing)).Kind);
        var closed = Assert.Single(await _factory.EventsWhereAsync<NeedClosed>(e => e.HouseholdId == household));
        Assert.Contains("industry project", closed.Event.Reason);
    }

    [Theory]
    [InlineData(NeedKinds.EducationAid, true, "education.living-subsidy", 30, true)]
    [InlineData(NeedKinds.EducationAid, true, "education.living-subsidy", 0, true)] // its last day
    [InlineData(NeedKinds.EducationAid, true, "education.living-subsidy", -1, false)] // a term that is over
    [InlineData(NeedKinds.EducationAid, false, "education.living-subsidy", 30, false)] // another member's
    [InlineData(NeedKinds.EducationAid, true, "medical.assistance", 30, false)]
    [InlineData(NeedKinds.SeriousIllnessCost, true, "medical.assistance", 30, true)]
    [InlineData(NeedKinds.SeriousIllnessCost, true, "medical.assistance", -30, true)] // may still fall after the expense
    [InlineData(NeedKinds.SeriousIllnessCost, false, "medical.assistance", 30, false)]
    [InlineData(NeedKinds.CapitalWithoutProject, false, "industry.dividend", 30, true)]
    [InlineData(NeedKinds.CapitalWithoutProject, false, "education.living-subsidy", 30, false)]
    [InlineData(NeedKinds.Uninsured, false, "medical.assistance", 30, false)]
    [InlineData(NeedKinds.UnsafeHousing, false, "industry.dividend", 30, false)]
    public void A_grant_can_meet_only_the_needs_of_its_kind_member_and_time(string kind, bool samePerson, string benefitType, int endsInDays, bool canMeet)
    {
        var (needPerson, otherPerson) = (Guid.NewGuid(), Guid.NewGuid());
        var today = new DateOnly(2026, 11, 29);
        var grant = Grant(Guid.NewGuid(), samePerson ? needPerson : otherPerson, IndustryDept, benefitType, 10_000,
            start: today.AddDays(endsInDays - 60), end: today.AddDays(endsInDays));
        Assert.Equal(canMeet, NeedRules.CanMeet(kind, needPerson, grant, today));
    }

    [Fact]
    public async Task Unsafe_housing_is_a_need_until_the_registry_records_the_house_as_safe()
    {
        var request = People.Family();
        request.Members.RemoveAt(2);
        request.Housing = HousingCondition.Dangerous;
        var h = await _factory.RegisteredAsync(request);
        var household = Guid.Parse(h.HouseholdId);
        var need = Assert.Single(await _factory.NeedsOfKindsAsync(household, NeedKinds.UnsafeHousing));
        Assert.Equal((NeedCategory.Housing, 5), (need.Category, need.Severity));

        await _factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest { HouseholdId = h.HouseholdId, Version = h.Version, Housing = HousingCondition.Safe });
        await _factory.NeedsOfKindsAsync(household);
        var closed = Assert.Single(await _factory.EventsWhereAsync<NeedClosed>(e => e.HouseholdId == household));
        Assert.Equal((Guid.Parse(need.NeedId), "The dwelling is safe"), (closed.Event.NeedId, closed.Event.Reason));
    }

    [Fact]
    public async Task An_exited_household_has_no_needs_and_its_open_ones_close()
    {
        await using var factory = await LedgerFactory.CreateAsync();
        var h = await factory.RegisteredAsync(People.Family());
        var household = Guid.Parse(h.HouseholdId);
        await factory.NeedsOfKindsAsync(household, NeedKinds.EducationAid);
        await factory.Registry().ChangeHouseholdStatusAsync(new ChangeHouseholdStatusRequest
        {
            HouseholdId = h.HouseholdId, Version = h.Version, To = HouseholdStatus.Exited, ExitYear = DateTime.UtcNow.Year, Reason = "达标", ChangedBy = "县扶贫办",
        });
        await factory.NeedsOfKindsAsync(household);
        Assert.Contains("Exited", Assert.Single(await factory.EventsWhereAsync<NeedClosed>(e => e.HouseholdId == household)).Event.Reason);
    }

    [Fact]
    public async Task Open_needs_are_listed_by_region_most_severe_first_and_over_REST()
    {
        var housing = People.Family("520402101202");
        housing.Housing = HousingCondition.Dangerous;
        var a = await _factory.RegisteredAsync(housing);
        var b = await _factory.RegisteredAsync(People.Family("520402101203"));
        await _factory.RegisteredAsync(People.Family("520403101201"));
        await _factory.NeedsOfKindsAsync(Guid.Parse(a.HouseholdId), NeedKinds.EducationAid, NeedKinds.UnsafeHousing);
        await _factory.NeedsOfKindsAsync(Guid.Parse(b.HouseholdId), NeedKinds.EducationAid);

        var inTownship = (await _factory.Ledger().ListOpenNeedsAsync(new ListOpenNeedsRequest { RegionPrefix = "520402101" })).Needs;
        Assert.Equal([5, 3, 3], inTownship.Select(n => n.Severity));
        Assert.All(inTownship, n => Assert.StartsWith("520402101", n.RegionCode));
        var housingOnly = (await _factory.Ledger().ListOpenNeedsAsync(new ListOpenNeedsRequest { RegionPrefix = "520402", Category = NeedCategory.Housing })).Needs;
        Assert.Equal(a.HouseholdId, Assert.Single(housingOnly).HouseholdId);

        var rest = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/ledger/needs?regionPrefix=520402101&pageSize=1");
        Assert.Equal("unsafe-housing", Assert.Single(rest.GetProperty("needs").EnumerateArray()).GetProperty("kind").GetString());

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Ledger().ListOpenNeedsAsync(new ListOpenNeedsRequest { RegionPrefix = "520", PageSize = 501 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["region_prefix", "page_size"], error.FieldViolations().Select(v => v.Field));
    }
}
