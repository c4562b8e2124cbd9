using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Education.V1;
using Coordination.TestSupport;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Education.Tests;

public class GrantTests : IAsyncLifetime
{
    private EducationFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await EducationFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_tuition_waiver_for_an_enrolled_pupil_is_stored_and_published_as_AidGranted()
    {
        var household = await _factory.RegisterAsync(40, 10);
        var pupil = household.PersonIds[1];
        await _factory.EnrolAsync(pupil);

        var grant = await _factory.Client().GrantBenefitAsync(EducationFactory.Grant(pupil, BenefitType.TuitionWaiver, 60_000));

        Assert.Equal("education.tuition-waiver", grant.BenefitTypeCode);
        Assert.Equal(household.Id.ToString(), grant.HouseholdId);
        Assert.Equal("免学杂费", grant.Programme);
        var published = Assert.Single(await _factory.OutboxAsync<AidGranted>());
        Assert.Equal(Guid.Parse(grant.GrantId), published.GrantId);
        Assert.Equal(household.Id, published.HouseholdId);
        Assert.Equal(pupil, published.PersonId);
        Assert.Equal(new Grantor(GrantorKind.Department, "education", "教育部门"), published.Grantor);
        Assert.Equal("education.tuition-waiver", published.BenefitTypeCode);
        // A waiver moves no cash: its value is in kind.
        Assert.Equal(0, published.AmountFen);
        Assert.Equal(60_000, published.InKindValueFen);
        Assert.Equal(new DateOnly(2026, 9, 1), published.PeriodStart);
        Assert.Equal(new DateOnly(2027, 1, 31), published.PeriodEnd);
    }

    public static TheoryData<V1.Stage, V1.BenefitType, bool, bool> StageRules => new()
    {
        { V1.Stage.Primary, V1.BenefitType.TuitionWaiver, false, true },
        { V1.Stage.Higher, V1.BenefitType.TuitionWaiver, false, false },
        { V1.Stage.Preschool, V1.BenefitType.PreschoolSubsidy, false, true },
        { V1.Stage.Primary, V1.BenefitType.PreschoolSubsidy, false, false },
        { V1.Stage.Preschool, V1.BenefitType.LivingSubsidy, false, false },
        { V1.Stage.JuniorMiddle, V1.BenefitType.LivingSubsidy, false, true },
        { V1.Stage.SecondaryVocational, V1.BenefitType.VocationalTraining, false, true },
        { V1.Stage.SeniorHigh, V1.BenefitType.VocationalTraining, false, false },
        { V1.Stage.Higher, V1.BenefitType.Scholarship, false, true },
        { V1.Stage.Primary, V1.BenefitType.Scholarship, false, false },
        { V1.Stage.JuniorMiddle, V1.BenefitType.BoardingSubsidy, true, true },
        { V1.Stage.JuniorMiddle, V1.BenefitType.BoardingSubsidy, false, false },
        { V1.Stage.Higher, V1.BenefitType.BoardingSubsidy, true, false },
    };

    [Theory]
    [MemberData(nameof(StageRules))]
    public async Task Each_benefit_is_given_only_to_the_stages_it_is_for(V1.Stage stage, V1.BenefitType type, bool boarder, bool eligible)
    {
        var household = await _factory.RegisterAsync(45, 17);
        var student = household.PersonIds[1];
        await _factory.EnrolAsync(student, stage, boarder);

        var call = _factory.Client().GrantBenefitAsync(EducationFactory.Grant(student, type)).ResponseAsync;

        if (eligible)
        {
            await call;
            Assert.Single(await _factory.OutboxAsync<AidGranted>());
            return;
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains(Rules(error), r => r is "benefit.stage-ineligible" or "benefit.boarders-only");
        Assert.Empty(await _factory.OutboxAsync<AidGranted>());
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Grants.CountAsync()));
    }

    [Fact]
    public async Task One_living_subsidy_per_student_per_term_until_it_is_revoked()
    {
        var household = await _factory.RegisterAsync(40, 12);
        var pupil = household.PersonIds[1];
        await _factory.EnrolAsync(pupil);
        await _factory.EnrolAsync(pupil, term: "2027-spring");
        var client = _factory.Client();
        var first = await client.GrantBenefitAsync(EducationFactory.Grant(pupil, BenefitType.LivingSubsidy));

        var second = await Assert.ThrowsAsync<RpcException>(() =>
            client.GrantBenefitAsync(EducationFactory.Grant(pupil, BenefitType.LivingSubsidy, 30_000)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, second.StatusCode);
        Assert.Contains("benefit.once-per-term", Rules(second));

        // Another benefit in the same term, and the same benefit in the next term, are allowed.
        await client.GrantBenefitAsync(EducationFactory.Grant(pupil, BenefitType.TuitionWaiver));
        await client.GrantBenefitAsync(EducationFactory.Grant(pupil, BenefitType.LivingSubsidy, term: "2027-spring"));

        // A correction: revoke the first, then grant the right amount.
        var revoked = await client.RevokeGrantAsync(new RevokeGrantRequest { GrantId = first.GrantId, Reason = "wrong amount" });
        Assert.True(revoked.Revoked);
        var corrected = await client.GrantBenefitAsync(EducationFactory.Grant(pupil, BenefitType.LivingSubsidy, 45_000));

        Assert.Equal(4, (await _factory.OutboxAsync<AidGranted>()).Count);
        var revocation = Assert.Single(await _factory.OutboxAsync<AidRevoked>());
        Assert.Equal(Guid.Parse(first.GrantId), revocation.GrantId);
        Assert.Equal("wrong amount", revocation.Reason);
        Assert.Equal(45_000, corrected.AmountFen);
    }

    [Fact]
    public async Task Revoking_twice_publishes_one_AidRevoked()
    {
        var household = await _factory.RegisterAsync(40, 12);
        await _factory.EnrolAsync(household.PersonIds[1]);
        var client = _factory.Client();
        var grant = await client.GrantBenefitAsync(EducationFactory.Grant(household.PersonIds[1], BenefitType.TuitionWaiver));

        await client.RevokeGrantAsync(new RevokeGrantRequest { GrantId = grant.GrantId, Reason = "granted in error" });
        var again = await client.RevokeGrantAsync(new RevokeGrantRequest { GrantId = grant.GrantId, Reason = "granted in error" });

        Assert.True(again.Revoked);
        Assert.Single(await _factory.OutboxAsync<AidRevoked>());
    }

    [Fact]
    public async Task A_retry_with_the_same_request_id_returns_the_first_grant_and_publishes_nothing_new()
    {
        var household = await _factory.RegisterAsync(40, 12);
        await _factory.EnrolAsync(household.PersonIds[1]);
        var client = _factory.Client();
        var request = EducationFactory.Grant(household.PersonIds[1], BenefitType.LivingSubsidy);

        var first = await client.GrantBenefitAsync(request);
        var retry = await client.GrantBenefitAsync(request);

        Assert.Equal(first.GrantId, retry.GrantId);
        Assert.Single(await _factory.OutboxAsync<AidGranted>());
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Grants.CountAsync()));

        // The same key for different facts is a mistake, not a retry.
        var misuse = request.Clone();
        misuse.AmountFen += 1;
        var error = await Assert.ThrowsAsync<RpcException>(() => client.GrantBenefitAsync(misuse).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
    }

    [Fact]
    public async Task Concurrent_retries_of_one_grant_store_and_publish_it_once()
    {
        var household = await _factory.RegisterAsync(40, 12);
        await _factory.EnrolAsync(household.PersonIds[1]);
        var request = EducationFactory.Grant(household.PersonIds[1], BenefitType.LivingSubsidy);

        var grants = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _factory.Client().GrantBenefitAsync(request).ResponseAsync));

        Assert.Single(grants.Select(g => g.GrantId).Distinct());
        Assert.Single(await _factory.OutboxAsync<AidGranted>());
    }

    [Fact]
    public async Task A_person_who_is_not_a_member_of_a_registered_household_is_rejected()
    {
        var stranger = Guid.NewGuid();

        var enrol = await Assert.ThrowsAsync<RpcException>(() => _factory.EnrolAsync(stranger));
        var grant = await Assert.ThrowsAsync<RpcException>(() =>
            _factory.Client().GrantBenefitAsync(EducationFactory.Grant(stranger, BenefitType.TuitionWaiver)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, enrol.StatusCode);
        Assert.Contains("student.not-a-member", Rules(enrol));
        Assert.Equal(StatusCode.FailedPrecondition, grant.StatusCode);
        Assert.Contains("student.not-a-member", Rules(grant));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Enrolments.CountAsync()));
        Assert.Equal(0, await _factory.OutboxCountAsync());
    }

    [Fact]
    public async Task A_household_past_its_buffer_period_gets_no_new_benefits()
    {
        var household = await _factory.RegisterAsync(40, 12);
        var pupil = household.PersonIds[1];
        await _factory.EnrolAsync(pupil);
        await _factory.PublishAsync(new HouseholdStatusChanged(household.Id, 2, HouseholdStatus.Registered, HouseholdStatus.Exited,
            2015, "income above the line", "county office", DateTime.UtcNow));
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.Households.AnyAsync(h => h.Id == household.Id && h.ExitYear == 2015)),
            TimeSpan.FromSeconds(10), "the exit to reach education");

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _factory.Client().GrantBenefitAsync(EducationFactory.Grant(pupil, BenefitType.TuitionWaiver)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("household.exited-past-buffer", Rules(error));
    }

    [Fact]
    public async Task A_benefit_needs_an_enrolment_in_the_term()
    {
        var household = await _factory.RegisterAsync(40, 12);
        var pupil = household.PersonIds[1];
        await _factory.EnrolAsync(pupil);
        await _factory.Client().WithdrawStudentAsync(new WithdrawStudentRequest { PersonId = pupil.ToString(), Reason = "moved away" });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _factory.Client().GrantBenefitAsync(EducationFactory.Grant(pupil, BenefitType.TuitionWaiver)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("benefit.not-enrolled", Rules(error));
    }

    public static IReadOnlyList<string> Rules(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<PreconditionFailure>()?.Violations.Select(v => v.Type).ToList() ?? [];
}
