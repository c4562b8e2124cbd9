using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.Ledger.V1;
using Coordination.TestSupport;
using Xunit;
using static Coordination.Ledger.Tests.LedgerKit;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Ledger.Tests;

/// <summary>The ledger follows the registry's merges (HouseholdsMerged): grants move to the survivor and are judged there.</summary>
public class MergeTests : IAsyncLifetime
{
    private LedgerFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await LedgerFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public Task After_a_merge_the_ledger_holds_the_merged_household_s_aid_under_the_survivor_and_finds_what_both_records_gave_one_person() => LedgerFollowsMergeAsync();

    [PostgresFact]
    public async Task After_a_merge_the_ledger_follows_it_on_PostgreSQL()
    {
        await _factory.DisposeAsync();
        _factory = await LedgerFactory.CreateAsync(BuildingBlocks.Persistence.DatabaseProvider.PostgreSql);
        await LedgerFollowsMergeAsync();
    }

    private async Task LedgerFollowsMergeAsync()
    {
        var a = await _factory.RegisteredAsync(People.Family("520402101201"));
        var b = await _factory.RegisteredAsync(People.Family("520402101201"));
        var (headA, headB) = (Guid.Parse(a.Members.Single(m => m.Relation == Relation.Head).PersonId), Guid.Parse(b.Members.Single(m => m.Relation == Relation.Head).PersonId));
        var childB = Guid.Parse(b.Members.Single(m => m.Relation == Relation.Child).PersonId);
        var (survivor, merged) = (Guid.Parse(a.HouseholdId), Guid.Parse(b.HouseholdId));
        var enterprise = new Vocabulary.Grantor(Vocabulary.GrantorKind.Enterprise, "91520402MA6DM5X12L", "安顺某茶叶公司");

        // One person's premium subsidy for the year, paid to each of the two records: no rule sees it yet.
        var (yearStart, yearEnd) = (new DateOnly(Today.Year, 1, 1), new DateOnly(Today.Year, 12, 31));
        var paidA = Grant(survivor, headA, MedicalDept, "medical.premium-subsidy", 32_000, yearStart, yearEnd);
        var paidB = Grant(merged, headB, enterprise, "medical.premium-subsidy", 32_000, yearStart, yearEnd);
        var subsidyB = Grant(merged, childB, EducationDept, "education.living-subsidy", 50_000, yearStart, yearEnd);
        foreach (var grant in new[] { paidA, paidB, subsidyB }) await _factory.DeliverAsync(grant);
        Assert.Empty((await _factory.Ledger().ListAidDuplicatesAsync(new ListAidDuplicatesRequest { HouseholdId = a.HouseholdId })).Duplicates);

        // The heads are one person filed twice; the spouses too; the child moves.
        var spouses = (a.Members.Single(m => m.Relation == Relation.Spouse).PersonId, b.Members.Single(m => m.Relation == Relation.Spouse).PersonId);
        await _factory.Registry().MergeHouseholdsAsync(a, b, new Dictionary<string, string> { [headB.ToString()] = headA.ToString(), [spouses.Item2] = spouses.Item1 });

        var aid = await _factory.Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = a.HouseholdId });
        Assert.Equal(3, aid.Grants.Count);
        // The person filed twice is one person; the moved child keeps its id.
        Assert.Equal(headA.ToString(), aid.Grants.Single(g => g.GrantId == paidB.GrantId.ToString()).PersonId);
        Assert.Equal(childB.ToString(), aid.Grants.Single(g => g.GrantId == subsidyB.GrantId.ToString()).PersonId);
        Assert.Equal(32_000 + 32_000 + 50_000, aid.TotalValueFen);
        Assert.Empty((await _factory.Ledger().GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = b.HouseholdId })).Grants);

        var duplicate = Assert.Single((await _factory.Ledger().ListAidDuplicatesAsync(new ListAidDuplicatesRequest { HouseholdId = a.HouseholdId })).Duplicates);
        Assert.Equal(("exclusive", "medical.premium-subsidy"), (duplicate.Rule, duplicate.BenefitTypeCode));
        Assert.Equal(new[] { paidB.GrantId, paidA.GrantId }.Select(id => id.ToString()), duplicate.GrantIds);
        Assert.Single(await _factory.EventsWhereAsync<AidDuplicateDetected>(e => e.HouseholdId == survivor));
    }
}
