using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Medical.V1;
using Coordination.TestSupport;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Medical.Tests;

/// <summary>The service in memory (SQLite file, in-memory bus): what it stores and what it queues in its outbox.</summary>
public class MedicalAidTests : IAsyncLifetime
{
    private static readonly int ThisYear = DateTime.UtcNow.Year;
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd");

    private MedicalFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await MedicalFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static FileClaimRequest Bill(Guid personId, long totalFen, string? requestId = null) => new()
    {
        RequestId = requestId ?? Guid.NewGuid().ToString(),
        PersonId = personId.ToString(),
        Hospital = "六盘水市人民医院",
        ServiceDate = Today,
        TotalCostFen = totalFen,
        DiagnosisCategory = DiagnosisCategory.SeriousIllness,
        CareType = CareType.Inpatient,
    };

    [Fact]
    public async Task The_premium_subsidy_is_granted_to_registered_poor_members_only()
    {
        var poor = await _factory.SeedHouseholdAsync(Contracts.HouseholdStatus.Registered);
        var exitedInBuffer = await _factory.SeedHouseholdAsync(Contracts.HouseholdStatus.Exited, exitYear: ThisYear - 1);
        var exitedLongAgo = await _factory.SeedHouseholdAsync(Contracts.HouseholdStatus.Exited, exitYear: ThisYear - 10);
        var identified = await _factory.SeedHouseholdAsync(Contracts.HouseholdStatus.Identified);
        var client = _factory.Client();

        Enrolment Enrol(Guid person) => client.EnrolInsurance(new EnrolInsuranceRequest { PersonId = person.ToString(), Year = ThisYear, PremiumFen = 32_000 });
        var subsidised = Enrol(poor.Members[0].Id);
        var buffer = Enrol(exitedInBuffer.Members[0].Id);
        var past = Enrol(exitedLongAgo.Members[0].Id);
        var notPoor = Enrol(identified.Members[0].Id);

        Assert.Equal(32_000, subsidised.PremiumSubsidyFen);
        Assert.Equal(32_000, buffer.PremiumSubsidyFen);
        Assert.Equal(0, past.PremiumSubsidyFen);
        Assert.Equal(0, notPoor.PremiumSubsidyFen);
        Assert.Equal("", notPoor.SubsidyGrantId);

        var grants = await _factory.OutboxAsync<AidGranted>();
        Assert.Equal(2, grants.Count);
        var grant = grants.Single(g => g.PersonId == poor.Members[0].Id);
        Assert.Equal(subsidised.SubsidyGrantId, grant.GrantId.ToString());
        Assert.Equal(poor.Id, grant.HouseholdId);
        Assert.Equal(new Grantor(GrantorKind.Department, "medical", grant.Grantor.Name), grant.Grantor);
        Assert.Equal("medical.premium-subsidy", grant.BenefitTypeCode);
        Assert.Equal(32_000, grant.AmountFen);
        Assert.Equal(new DateOnly(ThisYear, 1, 1), grant.PeriodStart);
        Assert.Equal(new DateOnly(ThisYear, 12, 31), grant.PeriodEnd);
        Assert.Contains(grants, g => g.PersonId == exitedInBuffer.Members[0].Id);
    }

    [Fact]
    public async Task Enrolling_a_member_twice_for_a_year_returns_the_first_enrolment_and_grants_the_subsidy_once()
    {
        var household = await _factory.SeedHouseholdAsync();
        var request = new EnrolInsuranceRequest { PersonId = household.Members[0].Id.ToString(), Year = ThisYear, PremiumFen = 32_000 };

        var first = await _factory.Client().EnrolInsuranceAsync(request);
        var again = await _factory.Client().EnrolInsuranceAsync(request);

        Assert.Equal(first.EnrolmentId, again.EnrolmentId);
        Assert.Single(await _factory.OutboxAsync<AidGranted>());
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Enrolments.CountAsync()));
    }

    [Fact]
    public async Task Uninsured_members_are_listed_and_the_medical_guarantee_is_published_when_it_changes()
    {
        var household = await _factory.SeedHouseholdAsync(members: 2);
        var other = await _factory.SeedHouseholdAsync(members: 1);
        var client = _factory.Client();

        var before = await client.GetMedicalGuaranteeAsync(new GetMedicalGuaranteeRequest { HouseholdId = household.Id.ToString() });
        Assert.False(before.Met);
        Assert.Equal(2, before.UninsuredPersonIds.Count);

        await client.EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = household.Members[0].Id.ToString(), Year = ThisYear, PremiumFen = 32_000 });
        var uninsured = await client.ListUninsuredMembersAsync(new ListUninsuredMembersRequest { RegionCode = "520402", Year = ThisYear });
        Assert.Equal(
            new[] { household.Members[1].Id, other.Members[0].Id }.Select(i => i.ToString()).Order(),
            uninsured.Members.Select(m => m.PersonId).Order());
        // The acceptance rule of the mask: an uninsured member is shown by id, region, relation and
        // health, so every number of the area stays possible, and no birth date is in the response.
        foreach (var m in uninsured.Members)
        {
            var candidates = new NationalIdCandidates(DateOnly.FromDateTime(DateTime.UtcNow)).Area(m.RegionCode);
            Assert.True(candidates.Count() >= 10_000, $"ListUninsuredMembers: {candidates}");
            var born = household.Members.Concat(other.Members).Single(k => k.Id.ToString() == m.PersonId).BirthDate;
            PersonalTraces.AssertAbsent(uninsured.ToString(), People.NationalId(born, Households.V1.Sex.Male, m.RegionCode[..6]), born);
        }
        var half = await client.GetMedicalGuaranteeAsync(new GetMedicalGuaranteeRequest { HouseholdId = household.Id.ToString(), Year = ThisYear });
        Assert.False(half.Met);
        Assert.Equal([household.Members[1].Id.ToString()], half.UninsuredPersonIds);

        await client.EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = household.Members[1].Id.ToString(), Year = ThisYear, PremiumFen = 32_000 });
        var after = await client.GetMedicalGuaranteeAsync(new GetMedicalGuaranteeRequest { HouseholdId = household.Id.ToString() });
        Assert.True(after.Met);
        var byHousehold = await client.ListUninsuredMembersAsync(new ListUninsuredMembersRequest { HouseholdId = household.Id.ToString() });
        Assert.Empty(byHousehold.Members);

        // Unmet after the first enrolment, met after the second: two changes, published in that order.
        var changes = (await _factory.OutboxAsync<MedicalGuaranteeChanged>()).Where(c => c.HouseholdId == household.Id).ToList();
        Assert.Equal(2, changes.Count);
        Assert.Equal(1, changes.Count(c => !c.Met));
        Assert.Equal(1, changes.Count(c => c.Met && c.Year == ThisYear));

        // Enrolling again changes nothing, so nothing more is published.
        await client.EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = household.Members[1].Id.ToString(), Year = ThisYear, PremiumFen = 32_000 });
        Assert.Equal(2, (await _factory.OutboxAsync<MedicalGuaranteeChanged>()).Count(c => c.HouseholdId == household.Id));
    }

    [Fact]
    public async Task Concurrent_enrolments_of_a_households_members_leave_the_guarantee_met_and_published_so()
    {
        var household = await _factory.SeedHouseholdAsync(members: 4);

        await Task.WhenAll(household.Members.Select(m => _factory.Client()
            .EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = m.Id.ToString(), Year = ThisYear, PremiumFen = 32_000 }).ResponseAsync));

        var state = await _factory.WithDbAsync(db => db.Guarantees.AsNoTracking().SingleAsync(g => g.HouseholdId == household.Id));
        Assert.True(state.Met);
        Assert.Equal(4, state.Version); // every enrolment went through the guarantee's row, none around it
        var changes = await _factory.OutboxAsync<MedicalGuaranteeChanged>();
        Assert.Single(changes, c => c.Met);
        Assert.Equal(4, (await _factory.OutboxAsync<AidGranted>()).Count);
    }

    [Fact]
    public async Task A_member_joining_an_insured_household_makes_the_guarantee_unmet_again()
    {
        var household = await _factory.SeedHouseholdAsync(members: 2);
        var client = _factory.Client();
        foreach (var member in household.Members)
            await client.EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = member.Id.ToString(), Year = ThisYear, PremiumFen = 32_000 });
        Assert.True((await client.GetMedicalGuaranteeAsync(new GetMedicalGuaranteeRequest { HouseholdId = household.Id.ToString() })).Met);

        var newborn = new HouseholdMember(Guid.NewGuid(), Relation.Grandchild, Sex.Female, DateOnly.FromDateTime(DateTime.UtcNow), HealthStatus.Healthy,
            LabourCapacity.None, SchoolingStage.NotInSchool);
        var members = household.Members.Select(m => new HouseholdMember(m.Id, m.Relation, m.Sex, m.BirthDate, m.Health, m.LabourCapacity, m.SchoolingStage))
            .Append(newborn).ToList();
        await _factory.Services.GetRequiredService<IBus>().Publish(new HouseholdUpdated(household.Id, 2, household.RegionCode, [PovertyCause.Illness],
            320_000, members, DateTime.UtcNow));

        var unmet = await Eventually.GetAsync(async () => (await _factory.OutboxAsync<MedicalGuaranteeChanged>())
            .LastOrDefault(c => c.HouseholdId == household.Id && !c.Met && c.Explanation.StartsWith("1 of 3")), TimeSpan.FromSeconds(10), "the guarantee to be unmet");
        Assert.Equal(ThisYear, unmet.Year);
        var read = await Eventually.GetAsync(async () =>
        {
            var g = await client.GetMedicalGuaranteeAsync(new GetMedicalGuaranteeRequest { HouseholdId = household.Id.ToString() });
            return g.UninsuredPersonIds.Count == 1 ? g : null;
        }, TimeSpan.FromSeconds(10), "the directory to learn of the newborn");
        Assert.Equal(newborn.PersonId.ToString(), read.UninsuredPersonIds.Single());
    }

    [Fact]
    public async Task The_REST_mapping_under_api_v1_medical_answers_invalid_input_with_400_and_the_field()
    {
        var household = await _factory.SeedHouseholdAsync();
        using var http = _factory.CreateClient();

        var invalid = await http.PostAsJsonAsync("/api/v1/medical/claims", new { requestId = "r1", personId = household.Members[0].Id, totalCostFen = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("total_cost_fen", out _));

        var filed = await http.PostAsJsonAsync("/api/v1/medical/claims", new
        {
            requestId = "r2", personId = household.Members[0].Id, hospital = "六盘水市人民医院", serviceDate = Today,
            totalCostFen = 100_000, diagnosisCategory = "DIAGNOSIS_CATEGORY_COMMON_ILLNESS", careType = "CARE_TYPE_OUTPATIENT",
        });
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        var claim = await filed.Content.ReadFromJsonAsync<JsonElement>();
        var read = await http.GetFromJsonAsync<JsonElement>($"/api/v1/medical/claims/{claim.GetProperty("claimId").GetString()}");
        Assert.Equal(100_000, read.GetProperty("totalCostFen").GetInt64());
        var guarantee = await http.GetFromJsonAsync<JsonElement>($"/api/v1/medical/households/{household.Id}/guarantee");
        Assert.Equal(3, guarantee.GetProperty("uninsuredPersonIds").GetArrayLength());
    }

    [Fact]
    public async Task A_claim_is_reimbursed_in_order_and_each_reimbursement_is_AidGranted_with_the_claim_as_its_expense()
    {
        var household = await _factory.SeedHouseholdAsync();
        var member = household.Members[1].Id;
        var client = _factory.Client();
        await client.EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = member.ToString(), Year = ThisYear, PremiumFen = 32_000 });

        var claim = await client.FileClaimAsync(Bill(member, 10_000_000));

        Assert.True(claim.RegisteredPoor);
        Assert.True(claim.Insured);
        Assert.Equal(
            new[] { ReimbursementKind.BasicInsurance, ReimbursementKind.SeriousIllnessInsurance, ReimbursementKind.MedicalAssistance },
            claim.Reimbursements.Select(r => r.Kind));
        Assert.Equal(new long[] { 6_965_000, 1_521_000, 1_059_800 }, claim.Reimbursements.Select(r => r.AmountFen));
        Assert.Equal(454_200, claim.OutOfPocketFen);
        Assert.Equal(454, claim.OutOfPocketShareBp);
        Assert.Equal("520402101201", claim.RegionCode);

        var grants = (await _factory.OutboxAsync<AidGranted>()).Where(g => g.BenefitTypeCode != "medical.premium-subsidy").ToList();
        Assert.Equal(3, grants.Count);
        Assert.All(grants, g =>
        {
            Assert.Equal(claim.ClaimId, g.ExpenseReference);
            Assert.Equal(10_000_000, g.ExpenseAmountFen);
            Assert.Equal(household.Id, g.HouseholdId);
            Assert.Equal(member, g.PersonId);
            Assert.Equal("medical", g.Grantor.Code);
        });
        Assert.Equal(
            claim.Reimbursements.Select(r => (r.GrantId, r.AmountFen)).Order(),
            grants.Select(g => (g.GrantId.ToString(), g.AmountFen)).Order());
        Assert.Equal(6_965_000, grants.Single(g => g.BenefitTypeCode == "medical.basic-insurance").AmountFen);
        Assert.Equal(1_521_000, grants.Single(g => g.BenefitTypeCode == "medical.serious-illness-insurance").AmountFen);
        Assert.Equal(1_059_800, grants.Single(g => g.BenefitTypeCode == "medical.assistance").AmountFen);
    }

    [Fact]
    public async Task A_second_claim_in_the_year_is_held_to_what_is_left_of_the_annual_caps()
    {
        var household = await _factory.SeedHouseholdAsync(Contracts.HouseholdStatus.Identified);
        var member = household.Members[0].Id;
        var client = _factory.Client();
        await client.EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = member.ToString(), Year = ThisYear, PremiumFen = 32_000 });

        var first = await client.FileClaimAsync(Bill(member, 20_000_000));  // basic: 13,965,000 of the 15,000,000 cap
        var second = await client.FileClaimAsync(Bill(member, 5_000_000));

        Assert.Equal(13_965_000, first.Reimbursements.Single(r => r.Kind == ReimbursementKind.BasicInsurance).AmountFen);
        Assert.Equal(1_035_000, second.Reimbursements.Single(r => r.Kind == ReimbursementKind.BasicInsurance).AmountFen);
        Assert.False(second.RegisteredPoor);
        Assert.DoesNotContain(second.Reimbursements, r => r.Kind == ReimbursementKind.MedicalAssistance);
    }

    [Fact]
    public async Task A_claim_is_idempotent_on_its_request_id_and_a_key_reused_for_another_bill_is_refused()
    {
        var household = await _factory.SeedHouseholdAsync();
        var member = household.Members[0].Id;
        var client = _factory.Client();
        var request = Bill(member, 1_000_000, requestId: "his-2026-000123");

        var first = await client.FileClaimAsync(request);
        var retried = await client.FileClaimAsync(request);

        Assert.Equal(first.ClaimId, retried.ClaimId);
        Assert.Equal(first.Reimbursements.Select(r => r.GrantId), retried.Reimbursements.Select(r => r.GrantId));
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Claims.CountAsync()));
        Assert.Equal(first.Reimbursements.Count, (await _factory.OutboxAsync<AidGranted>()).Count);

        var other = Bill(member, 2_000_000, requestId: "his-2026-000123");
        var error = await Assert.ThrowsAsync<RpcException>(() => client.FileClaimAsync(other).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Claims.CountAsync()));
    }

    [Fact]
    public async Task Concurrent_retries_of_one_claim_file_it_once()
    {
        var household = await _factory.SeedHouseholdAsync();
        var request = Bill(household.Members[0].Id, 1_000_000);

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _factory.Client().FileClaimAsync(request).ResponseAsync));

        Assert.Single(claims.Select(c => c.ClaimId).Distinct());
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Claims.CountAsync()));
    }

    [Fact]
    public async Task Reimbursements_beyond_the_bill_are_refused_with_FailedPrecondition_and_nothing_is_stored()
    {
        var household = await _factory.SeedHouseholdAsync(Contracts.HouseholdStatus.Identified);
        var client = _factory.Client();
        var claim = await client.FileClaimAsync(Bill(household.Members[0].Id, 1_000_000)); // uninsured, not poor: nothing reimbursed
        Assert.Equal(1_000_000, claim.OutOfPocketFen);

        var fits = await client.AddReimbursementAsync(new AddReimbursementRequest
        {
            ClaimId = claim.ClaimId, RequestId = "civil-affairs-1", Kind = ReimbursementKind.MedicalAssistance, AmountFen = 600_000, Reason = "临时救助",
        });
        Assert.Equal(400_000, fits.OutOfPocketFen);
        var retried = await client.AddReimbursementAsync(new AddReimbursementRequest
        {
            ClaimId = claim.ClaimId, RequestId = "civil-affairs-1", Kind = ReimbursementKind.MedicalAssistance, AmountFen = 600_000, Reason = "临时救助",
        });
        Assert.Single(retried.Reimbursements);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.AddReimbursementAsync(new AddReimbursementRequest
        {
            ClaimId = claim.ClaimId, RequestId = "civil-affairs-2", Kind = ReimbursementKind.MedicalAssistance, AmountFen = 400_001,
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<Google.Rpc.PreconditionFailure>()!.Violations);
        Assert.Equal("claim.reimbursements-exceed-bill", violation.Type);
        var read = await client.GetClaimAsync(new GetClaimRequest { ClaimId = claim.ClaimId });
        Assert.Equal(600_000, read.ReimbursedFen);
        // A claim names its patient by id and region only: every number of the area stays possible.
        var candidates = new NationalIdCandidates(DateOnly.FromDateTime(DateTime.UtcNow)).Area(read.RegionCode);
        Assert.True(candidates.Count() >= 10_000, $"GetClaim: {candidates}");
        Assert.Single(await _factory.OutboxAsync<AidGranted>());

        var exact = await client.AddReimbursementAsync(new AddReimbursementRequest
        {
            ClaimId = claim.ClaimId, RequestId = "civil-affairs-3", Kind = ReimbursementKind.MedicalAssistance, AmountFen = 400_000,
        });
        Assert.Equal(0, exact.OutOfPocketFen);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(Coordination.BuildingBlocks.Domain.Money.MaxFen + 1)]
    public async Task A_reimbursement_beyond_the_bound_of_an_amount_is_InvalidArgument_stores_nothing_and_the_claim_still_takes_one(long amountFen)
    {
        var household = await _factory.SeedHouseholdAsync(Contracts.HouseholdStatus.Identified);
        var client = _factory.Client();
        var claim = await client.FileClaimAsync(Bill(household.Members[0].Id, 1_000_000));
        await client.AddReimbursementAsync(new AddReimbursementRequest
        {
            ClaimId = claim.ClaimId, RequestId = "one-fen", Kind = ReimbursementKind.MedicalAssistance, AmountFen = 1,
        });

        // 1 + 2^63 − 1 wrapped the bill check once: the amount itself is refused before any sum.
        var error = await Assert.ThrowsAsync<RpcException>(() => client.AddReimbursementAsync(new AddReimbursementRequest
        {
            ClaimId = claim.ClaimId, RequestId = "huge", Kind = ReimbursementKind.MedicalAssistance, AmountFen = amountFen,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("amount_fen", Assert.Single(error.FieldViolations()).Field);
        Assert.Equal(1, (await client.GetClaimAsync(new GetClaimRequest { ClaimId = claim.ClaimId })).ReimbursedFen);
        var rest = await client.AddReimbursementAsync(new AddReimbursementRequest
        {
            ClaimId = claim.ClaimId, RequestId = "the-rest", Kind = ReimbursementKind.MedicalAssistance, AmountFen = 999_999,
        });
        Assert.Equal(0, rest.OutOfPocketFen);
    }

    [Fact]
    public async Task An_out_of_pocket_cost_above_the_threshold_publishes_LargeMedicalExpenseIncurred_and_a_small_one_does_not()
    {
        var household = await _factory.SeedHouseholdAsync(Contracts.HouseholdStatus.Identified);
        var member = household.Members[0].Id;
        var client = _factory.Client();

        var small = await client.FileClaimAsync(Bill(member, 500_000));    // all out of pocket, at the threshold
        var large = await client.FileClaimAsync(Bill(member, 500_001));

        Assert.False(small.LargeExpense);
        Assert.True(large.LargeExpense);
        var expense = Assert.Single(await _factory.OutboxAsync<LargeMedicalExpenseIncurred>());
        Assert.Equal(new LargeMedicalExpenseIncurred(household.Id, member, Guid.Parse(large.ClaimId), 500_001, 500_001, expense.IncurredAt), expense);
    }

    [Fact]
    public async Task Claims_are_found_by_household_member_hospital_and_region()
    {
        var household = await _factory.SeedHouseholdAsync();
        var client = _factory.Client();
        var bill = Bill(household.Members[0].Id, 100_000);
        var claim = await client.FileClaimAsync(bill);
        var elsewhere = Bill(household.Members[1].Id, 100_000);
        elsewhere.Hospital = "水城区人民医院";
        await client.FileClaimAsync(elsewhere);

        Assert.Equal(2, (await client.ListClaimsAsync(new ListClaimsRequest { HouseholdId = household.Id.ToString() })).Claims.Count);
        Assert.Equal(claim.ClaimId, (await client.ListClaimsAsync(new ListClaimsRequest { PersonId = bill.PersonId })).Claims.Single().ClaimId);
        Assert.Equal(claim.ClaimId, (await client.ListClaimsAsync(new ListClaimsRequest { Hospital = bill.Hospital })).Claims.Single().ClaimId);
        Assert.Equal(2, (await client.ListClaimsAsync(new ListClaimsRequest { RegionCode = "520402" })).Claims.Count);
        Assert.Empty((await client.ListClaimsAsync(new ListClaimsRequest { RegionCode = "110105" })).Claims);
        var page = await client.ListClaimsAsync(new ListClaimsRequest { RegionCode = "52", PageSize = 1 });
        Assert.Single(page.Claims);
        var next = await client.ListClaimsAsync(new ListClaimsRequest { RegionCode = "52", PageSize = 1, PageToken = page.NextPageToken });
        Assert.NotEqual(page.Claims[0].ClaimId, next.Claims.Single().ClaimId);
        Assert.Equal("", next.NextPageToken);
    }

    [Fact]
    public async Task A_member_medical_has_not_heard_of_is_FailedPrecondition()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Client().FileClaimAsync(Bill(Guid.NewGuid(), 100_000)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Claims.CountAsync()));
    }

    public static TheoryData<string, string> InvalidClaims => new()
    {
        { "no request id", "request_id" },
        { "person id not a uuid", "person_id" },
        { "no hospital", "hospital" },
        { "service date not a date", "service_date" },
        { "service date in the future", "service_date" },
        { "zero cost", "total_cost_fen" },
        { "negative cost", "total_cost_fen" },
        { "no diagnosis category", "diagnosis_category" },
        { "unknown care type", "care_type" },
    };

    [Theory]
    [MemberData(nameof(InvalidClaims))]
    public async Task An_invalid_claim_is_InvalidArgument_naming_the_field_and_stores_nothing(string mistake, string field)
    {
        var household = await _factory.SeedHouseholdAsync();
        var request = Bill(household.Members[0].Id, 1_000_000);
        switch (mistake)
        {
            case "no request id": request.RequestId = " "; break;
            case "person id not a uuid": request.PersonId = "王大山"; break;
            case "no hospital": request.Hospital = ""; break;
            case "service date not a date": request.ServiceDate = "2026-02-30"; break;
            case "service date in the future": request.ServiceDate = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd"); break;
            case "zero cost": request.TotalCostFen = 0; break;
            case "negative cost": request.TotalCostFen = -100; break;
            case "no diagnosis category": request.DiagnosisCategory = DiagnosisCategory.Unspecified; break;
            case "unknown care type": request.CareType = (CareType)9; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Client().FileClaimAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal([field], error.FieldViolations().Select(v => v.Field));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Claims.CountAsync()));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task Every_mistake_of_a_request_is_named_at_once()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Client().FileClaimAsync(new FileClaimRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            new[] { "care_type", "diagnosis_category", "hospital", "person_id", "request_id", "service_date", "total_cost_fen" },
            error.FieldViolations().Select(v => v.Field).Order());
    }

    [Fact]
    public async Task Invalid_enrolments_and_reimbursements_are_InvalidArgument_naming_the_fields_and_store_nothing()
    {
        var client = _factory.Client();
        var enrol = await Assert.ThrowsAsync<RpcException>(() =>
            client.EnrolInsuranceAsync(new EnrolInsuranceRequest { PersonId = "x", Year = 1999, PremiumFen = -1 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, enrol.StatusCode);
        Assert.Equal(new[] { "person_id", "premium_fen", "year" }, enrol.FieldViolations().Select(v => v.Field).Order());

        var add = await Assert.ThrowsAsync<RpcException>(() =>
            client.AddReimbursementAsync(new AddReimbursementRequest { ClaimId = "x", AmountFen = 0 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, add.StatusCode);
        Assert.Equal(new[] { "amount_fen", "claim_id", "kind", "request_id" }, add.FieldViolations().Select(v => v.Field).Order());

        var list = await Assert.ThrowsAsync<RpcException>(() => client.ListClaimsAsync(new ListClaimsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, list.StatusCode);

        Assert.Equal(0, await _factory.WithDbAsync(db => db.Enrolments.CountAsync()));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Reimbursements.CountAsync()));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }
}
