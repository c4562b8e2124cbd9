using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using Coordination.Ledger.V1;
using Coordination.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Coordination.Ledger.Tests.LedgerKit;

namespace Coordination.Ledger.Tests;

/// <summary>
/// Grants are group-committed: whatever waits is recorded in one transaction. These tests hand the
/// ledger's group commit whole batches at once (as the writer takes them under load) and check that
/// every per-message guarantee of the inbox still holds and that a batch decides what one-by-one would.
/// </summary>
public class LedgerBatchIngestTests : IAsyncLifetime
{
    /// <summary>The grants' endpoint, as the inbox names it: a batch handed here is what the consumer would hand.</summary>
    private const string Consumer = "ledger-aid-granted";

    private LedgerFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await LedgerFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static GroupCommit<AidGranted> Commit(LedgerFactory factory) => factory.Services.GetRequiredService<GroupCommit<AidGranted>>();

    private async Task UsePostgresAsync()
    {
        await _factory.DisposeAsync();
        _factory = await LedgerFactory.CreateAsync(DatabaseProvider.PostgreSql);
    }

    [Fact]
    public Task A_batch_counts_a_duplicate_message_and_an_already_recorded_grant_once_each() => DuplicatesInABatchAsync();

    [PostgresFact]
    public async Task A_batch_counts_a_duplicate_message_and_an_already_recorded_grant_once_each_on_PostgreSQL()
    {
        await UsePostgresAsync();
        await DuplicatesInABatchAsync();
    }

    private async Task DuplicatesInABatchAsync()
    {
        var h = await _factory.RegisteredAsync(People.Family());
        var (household, child) = (Guid.Parse(h.HouseholdId), Guid.Parse(h.Members[^1].PersonId));
        await _factory.NeedsOfKindsAsync(household, NeedKinds.EducationAid);
        var dividend = Grant(household, null, IndustryDept, "industry.dividend", 50_000);
        var dividendMessage = Guid.NewGuid();
        await _factory.DeliverAsync(dividend, messageId: dividendMessage);

        var subsidy = Grant(household, child, EducationDept, "education.living-subsidy", 62_500);
        var (m1, m2, m3) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await Task.WhenAll(Commit(_factory).Submit(
        [
            (m1, Consumer, subsidy),
            (m1, Consumer, subsidy),                         // the same message twice in one batch
            (dividendMessage, Consumer, dividend),           // a redelivery of a message handled before
            (m2, Consumer, dividend),                        // a new message for a grant already in the ledger
            (m3, Consumer, subsidy with { AmountFen = 999 }), // a second event for a grant of this very batch
        ]));

        var aid = await _factory.Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString() });
        Assert.Equal([(dividend.GrantId.ToString(), 50_000L), (subsidy.GrantId.ToString(), 62_500L)],
            aid.Grants.Select(g => (g.GrantId, g.AmountFen)).OrderBy(g => g.Item2));
        var inbox = await _factory.WithDbAsync(db => db.InboxMessages.AsNoTracking()
            .Where(m => m.MessageId == m1 || m.MessageId == m2 || m.MessageId == m3 || m.MessageId == dividendMessage).ToListAsync());
        Assert.Equal(4, inbox.Count);
        Assert.All(inbox, m => Assert.Equal(Consumer, m.Consumer));
        // m1, m2 and m3 were one transaction.
        Assert.Single(inbox.Where(m => m.MessageId != dividendMessage).Select(m => m.ProcessedAt).Distinct());
        Assert.Empty((await _factory.Ledger().ListAidDuplicatesAsync(new ListAidDuplicatesRequest { HouseholdId = household.ToString() })).Duplicates);
        // The batch's needs evaluation saw the subsidy: the child's education need is met, once.
        await _factory.NeedsOfKindsAsync(household);
        Assert.Single(await _factory.EventsWhereAsync<NeedClosed>(e => e.HouseholdId == household));
    }

    [Fact]
    public async Task A_batch_judges_each_grant_by_its_own_rule_whatever_else_its_households_were_sent()
    {
        // Three households, each sent one kind of grant in the same batch (the related grants are read
        // per rule, only for the households of the candidates that rule judges), beside dividends.
        var (pupil, patient, farmer) = (await _factory.RegisteredAsync(People.Family()), await _factory.RegisteredAsync(People.Family()), await _factory.RegisteredAsync(People.Family()));
        var (pupilHousehold, child) = (Guid.Parse(pupil.HouseholdId), Guid.Parse(pupil.Members[^1].PersonId));
        var (patientHousehold, ill) = (Guid.Parse(patient.HouseholdId), Guid.Parse(patient.Members[0].PersonId));
        var farmerHousehold = Guid.Parse(farmer.HouseholdId);
        var waiver = Grant(pupilHousehold, child, EducationDept, "education.tuition-waiver", 150_000);
        var basic = Grant(patientHousehold, ill, MedicalDept, "medical.basic-insurance", 600_000, expenseReference: "bill-9", expenseFen: 1_000_000);
        // A premium subsidy (exclusive) that also names an expense: only capped types count towards an expense.
        var premium = Grant(farmerHousehold, null, MedicalDept, "medical.premium-subsidy", 30_000, expenseReference: "premium-2026", expenseFen: 30_000);
        await _factory.DeliverAsync(waiver);
        await _factory.DeliverAsync(basic);
        await _factory.DeliverAsync(premium);

        var waiverAgain = Grant(pupilHousehold, child, EducationDept, "education.tuition-waiver", 150_000) with { Grantor = new(Contracts.GrantorKind.Enterprise, "91520402MA6DM5X12L", "安顺某茶叶公司") };
        var assistance = Grant(patientHousehold, ill, MedicalDept, "medical.assistance", 500_000, expenseReference: "bill-9", expenseFen: 1_000_000);
        var premiumAgain = Grant(farmerHousehold, null, MedicalDept, "medical.premium-subsidy", 30_000, expenseReference: "premium-2026", expenseFen: 30_000);
        await Task.WhenAll(Commit(_factory).Submit(
        [
            (Guid.NewGuid(), Consumer, Grant(pupilHousehold, null, IndustryDept, "industry.dividend", 10_000)),
            (Guid.NewGuid(), Consumer, waiverAgain),
            (Guid.NewGuid(), Consumer, Grant(patientHousehold, null, IndustryDept, "industry.dividend", 10_000)),
            (Guid.NewGuid(), Consumer, assistance),
            (Guid.NewGuid(), Consumer, premiumAgain),
            (Guid.NewGuid(), Consumer, Grant(farmerHousehold, null, IndustryDept, "industry.dividend", 10_000)),
        ]));

        async Task DetectedAsync(Guid household, string rule, params AidGranted[] grants)
        {
            var detection = Assert.Single((await _factory.Ledger().ListAidDuplicatesAsync(new ListAidDuplicatesRequest { HouseholdId = household.ToString() })).Duplicates);
            Assert.Equal(rule, detection.Rule);
            Assert.Equal(grants.Select(g => g.GrantId.ToString()), detection.GrantIds);
        }
        await DetectedAsync(pupilHousehold, "exclusive", waiverAgain, waiver);
        await DetectedAsync(patientHousehold, "capped-by-expense", assistance, basic);
        await DetectedAsync(farmerHousehold, "exclusive", premiumAgain, premium);
    }

    [Fact]
    public async Task A_batch_meeting_a_child_s_education_need_and_a_patient_s_cost_in_one_household_closes_each_once()
    {
        var request = People.Family();
        request.Members[1].Health = Coordination.Households.V1.HealthStatus.SeriousIllness;
        var h = await _factory.RegisteredAsync(request);
        var (household, patient, child) = (Guid.Parse(h.HouseholdId), Guid.Parse(h.Members[1].PersonId), Guid.Parse(h.Members[^1].PersonId));
        await _factory.DeliverAsync(new LargeMedicalExpenseIncurred(household, patient, Guid.NewGuid(), 8_000_000, 2_000_000, DateTime.UtcNow));
        var needs = await _factory.NeedsOfKindsAsync(household, NeedKinds.EducationAid, NeedKinds.SeriousIllnessCost);

        // The subsidy meets the child's need outright; the patient's cost takes the household's evaluation,
        // which reads the needs again in the same transaction.
        await Task.WhenAll(Commit(_factory).Submit(
        [
            (Guid.NewGuid(), Consumer, Grant(household, child, EducationDept, "education.living-subsidy", 62_500)),
            (Guid.NewGuid(), Consumer, Grant(household, patient, MedicalDept, "medical.assistance", 2_000_000, expenseReference: "bill-3", expenseFen: 8_000_000)),
        ]));

        await _factory.NeedsOfKindsAsync(household);
        var closed = await _factory.EventsWhereAsync<NeedClosed>(e => e.HouseholdId == household);
        Assert.Equal(needs.Select(n => Guid.Parse(n.NeedId)).Order(), closed.Select(c => c.Event.NeedId).Order());
        Assert.Contains(closed, c => c.Event.Reason.StartsWith("Education aid now covers the child", StringComparison.Ordinal));
        Assert.Contains(closed, c => c.Event.Reason.StartsWith("Aid covers the out-of-pocket cost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_message_fails_alone_and_the_rest_of_its_batch_commits()
    {
        var h = await _factory.RegisteredAsync(People.Family());
        var (household, child) = (Guid.Parse(h.HouseholdId), Guid.Parse(h.Members[^1].PersonId));
        var dividend = Grant(household, null, IndustryDept, "industry.dividend", 10_000);
        var subsidy = Grant(household, child, EducationDept, "education.living-subsidy", 62_500);
        // A department's event that lost its grantor on the way: the ledger cannot record it.
        var malformed = Grant(household, child, EducationDept, "education.scholarship", 100_000) with { Grantor = null! };
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };

        var done = Commit(_factory).Submit([(ids[0], Consumer, dividend), (ids[1], Consumer, malformed), (ids[2], Consumer, subsidy)]);
        await done[0];
        await done[2];
        await Assert.ThrowsAnyAsync<Exception>(() => done[1]);

        var aid = await _factory.Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = household.ToString() });
        Assert.Equal(new[] { dividend.GrantId.ToString(), subsidy.GrantId.ToString() }.Order(StringComparer.Ordinal), aid.Grants.Select(g => g.GrantId).Order(StringComparer.Ordinal));
        var inboxed = await _factory.WithDbAsync(db => db.InboxMessages.Where(m => ids.Contains(m.MessageId)).Select(m => m.MessageId).ToListAsync());
        Assert.Equal(new[] { ids[0], ids[2] }.Order(), inboxed.Order());
        await _factory.NeedsOfKindsAsync(household);

        // Over the bus alike: the malformed grant is retried (and finally moved to the error queue);
        // the grant consumed beside it is not held back.
        var bus = _factory.Services.GetRequiredService<IBus>();
        var (badId, goodId) = (Guid.NewGuid(), Guid.NewGuid());
        var later = Grant(household, null, IndustryDept, "industry.dividend", 20_000);
        await Task.WhenAll(bus.Publish(malformed, c => c.MessageId = badId), bus.Publish(later, c => c.MessageId = goodId));
        await Eventually.TrueAsync(() => _factory.WithDbAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == goodId)), TimeSpan.FromSeconds(20), "the good grant committed");
        Assert.False(await _factory.WithDbAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == badId)));
    }

    [Fact]
    public async Task Batched_needs_evaluation_gives_the_needs_one_by_one_evaluation_gives()
    {
        // Households in several states: a child without education aid, a child whose aid is stored
        // but not yet evaluated, a member uninsured, a household that is no longer in the registry.
        var plain = await _factory.RegisteredAsync(People.Family());
        var aided = await _factory.RegisteredAsync(People.Family());
        var uninsured = await _factory.RegisteredAsync(People.Family());
        var gone = Guid.NewGuid();
        var ids = new[] { Guid.Parse(plain.HouseholdId), Guid.Parse(aided.HouseholdId), Guid.Parse(uninsured.HouseholdId), gone };
        await _factory.NeedsOfKindsAsync(ids[1], NeedKinds.EducationAid);
        await _factory.WithDbAsync<LedgerDbContext>(async db =>
        {
            var now = DateTime.UtcNow;
            db.AidGrants.Add(GrantLedger.ToGrant(Grant(ids[1], Guid.Parse(aided.Members[^1].PersonId), EducationDept, "education.living-subsidy", 62_500), now));
            db.AidGrants.Add(GrantLedger.ToGrant(Grant(ids[2], null, IndustryDept, "industry.dividend", 30_000), now));
            db.HouseholdSupport.Add(new HouseholdSupport { HouseholdId = ids[2], MedicalGuaranteeMet = false, MedicalYear = 2026, MedicalExplanation = "1 of 3 members uninsured" });
            db.Needs.Add(new HouseholdNeed { Id = Guid.NewGuid(), HouseholdId = gone, Kind = NeedKinds.UnsafeHousing, Category = Contracts.NeedCategory.Housing, Severity = 5, Reason = "危房", OpenedAt = now });
            await db.SaveChangesAsync();
        });

        var batched = await EvaluateAndRollBackAsync(db => db.EvaluateAsync(ids, CancellationToken.None));
        var oneByOne = await EvaluateAndRollBackAsync(async db =>
        {
            foreach (var id in ids) await db.EvaluateAsync(id, CancellationToken.None);
        });

        Assert.Equal(oneByOne, batched);
        // Not a comparison of two no-ops: the evaluation closed and opened needs.
        Assert.Contains(batched, n => n.StartsWith($"{ids[1]} {NeedKinds.EducationAid}", StringComparison.Ordinal) && n.Contains("closed", StringComparison.Ordinal));
        Assert.Contains(batched, n => n.StartsWith($"{ids[2]} {NeedKinds.Uninsured}", StringComparison.Ordinal) && n.Contains("open", StringComparison.Ordinal));
        Assert.Contains(batched, n => n.StartsWith($"{gone} {NeedKinds.UnsafeHousing}", StringComparison.Ordinal) && n.Contains("closed", StringComparison.Ordinal));
    }

    /// <summary>The households' needs and the events queued after an evaluation, in words; nothing is kept.</summary>
    private async Task<List<string>> EvaluateAndRollBackAsync(Func<NeedEvaluation, Task> evaluate)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await evaluate(scope.ServiceProvider.GetRequiredService<NeedEvaluation>());
        var events = db.ChangeTracker.Entries<OutboxMessage>().Select(e => e.Entity.MessageType).GroupBy(t => t).Select(g => $"{g.Key} × {g.Count()}");
        var changed = db.ChangeTracker.Entries<HouseholdNeed>().Where(e => e.State != EntityState.Unchanged).Select(e => e.Entity)
            .Select(n => $"{n.HouseholdId} {n.Kind} {n.PersonId} {(n.ClosedAt is null ? "open" : "closed: " + n.ClosedReason)} {n.Severity} {n.Reason}");
        var result = changed.Concat(events).Order(StringComparer.Ordinal).ToList();
        await transaction.RollbackAsync();
        return result;
    }

    [PostgresFact]
    public async Task Two_instances_ingesting_overlapping_batches_judge_each_household_s_grants_together()
    {
        await UsePostgresAsync();
        var households = new List<(Guid Household, Guid Student)>();
        for (var i = 0; i < 6; i++)
        {
            var h = await _factory.RegisteredAsync(People.Family());
            households.Add((Guid.Parse(h.HouseholdId), Guid.Parse(h.Members[^1].PersonId)));
        }
        // A second instance of the service on the same database, with its own group commit.
        var connectionString = await _factory.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        await using var other = new LedgerFactory(DatabaseProvider.PostgreSql, connectionString);
        _ = other.Server;

        // The same households in opposite orders: each instance locks them in id order, so neither
        // waits for the other in a cycle, and each household's second waiver sees its first.
        var mine = households.Select(h => (Guid.NewGuid(), Consumer, Grant(h.Household, h.Student, EducationDept, "education.tuition-waiver", 250_000))).ToList();
        var theirs = households.AsEnumerable().Reverse().Select(h => (Guid.NewGuid(), Consumer, Grant(h.Household, h.Student, EducationDept, "education.tuition-waiver", 250_000) with { Grantor = new(Contracts.GrantorKind.Enterprise, "91520402MA6DM5X12L", "茶叶公司") })).ToList();
        await Task.WhenAll(Commit(_factory).Submit(mine).Concat(Commit(other).Submit(theirs)));

        foreach (var (household, _) in households)
        {
            var duplicates = await _factory.Ledger().ListAidDuplicatesAsync(new ListAidDuplicatesRequest { HouseholdId = household.ToString() });
            Assert.Equal(2, Assert.Single(duplicates.Duplicates).GrantIds.Count);
        }
        Assert.Equal(12, await _factory.WithDbAsync(db => db.InboxMessages.CountAsync(m => m.Consumer == Consumer)));
    }
}
