using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Households.Tests;

public class UpdateTests : IAsyncLifetime
{
    private HouseholdsFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await HouseholdsFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>A change that keeps the stored ID number: the caller only knows it masked.</summary>
    private static MemberChange Keep(Member read, MemberInput input) => new()
    {
        PersonId = read.PersonId,
        Member = new MemberInput(input) { NationalId = "" },
    };

    private async Task<(RegisterHouseholdRequest Request, Household Household)> RegisterAsync()
    {
        var request = People.Family();
        return (request, await _factory.Registry().RegisterHouseholdAsync(request));
    }

    private static Member Of(Household h, Relation relation) => h.Members.Single(m => m.Relation == relation);

    [Fact]
    public async Task Facts_and_members_change_in_one_step_and_the_version_moves_on()
    {
        var (request, registered) = await RegisterAsync();
        var spouse = Keep(Of(registered, Relation.Spouse), request.Members[1]);
        spouse.Member.Health = HealthStatus.SeriousIllness;
        spouse.Member.LabourCapacity = LabourCapacity.None;
        var grandmother = People.Member("刘桂英", new DateOnly(1950, 1, 5), Sex.Female, Relation.Parent);
        var update = new UpdateHouseholdRequest
        {
            HouseholdId = registered.HouseholdId,
            Version = registered.Version,
            Address = "贵州省六盘水市某村5组1号",
            IncomePerCapitaFen = 280_000,
            PovertyCauses = new PovertyCauseList { Causes = { PovertyCause.Illness, PovertyCause.LackOfLabour } },
            AddMembers = { grandmother },
            ChangeMembers = { spouse },
            RemovePersonIds = { Of(registered, Relation.Child).PersonId },
        };

        var updated = await _factory.Registry().UpdateHouseholdAsync(update);
        var read = await _factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId });

        Assert.Equal(registered.Version + 1, updated.Version);
        Assert.Equal(updated.Version, read.Version);
        Assert.Equal("贵州省六盘水市某村5组1号", read.Address);
        Assert.Equal(280_000, read.IncomePerCapitaFen);
        Assert.Equal([PovertyCause.Illness, PovertyCause.LackOfLabour], read.PovertyCauses);
        Assert.Equal(registered.AssignedHelper, read.AssignedHelper); // absent: left as it was
        Assert.Equal(3, read.Members.Count);
        Assert.DoesNotContain(read.Members, m => m.Relation == Relation.Child);
        var readSpouse = Of(read, Relation.Spouse);
        Assert.Equal(HealthStatus.SeriousIllness, readSpouse.Health);
        Assert.Equal(Of(registered, Relation.Spouse).NationalId, readSpouse.NationalId); // kept
        Assert.Equal(Of(registered, Relation.Spouse).PersonId, readSpouse.PersonId);
        Assert.Equal(new string('*', 17) + grandmother.NationalId[17..], Of(read, Relation.Parent).NationalId);
    }

    [Fact]
    public async Task The_update_leaves_through_the_outbox_as_the_whole_new_state_without_personal_data()
    {
        var (request, registered) = await RegisterAsync();
        var grandmother = People.Member("刘桂英", new DateOnly(1950, 1, 5), Sex.Female, Relation.Parent);
        await _factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = registered.HouseholdId, Version = registered.Version, AddMembers = { grandmother },
        });

        var (updated, payload) = Assert.Single(await _factory.EventsAsync<HouseholdUpdated>());
        Assert.Equal(Guid.Parse(registered.HouseholdId), updated.HouseholdId);
        Assert.Equal(2, updated.Version);
        Assert.Equal(4, updated.Members.Count);
        foreach (var input in request.Members.Append(grandmother))
        {
            Assert.DoesNotContain(input.NationalId, payload);
            Assert.DoesNotContain(input.Name, payload);
        }
    }

    [Fact]
    public async Task A_stale_version_is_Aborted_and_nothing_is_overwritten()
    {
        var (_, registered) = await RegisterAsync();
        var registry = _factory.Registry();
        var first = await registry.UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = registered.HouseholdId, Version = registered.Version, IncomePerCapitaFen = 100_000,
        });

        // A second editor read version 1 too and sends it back.
        var error = await Assert.ThrowsAsync<RpcException>(() => registry.UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = registered.HouseholdId, Version = registered.Version, IncomePerCapitaFen = 999_999, Address = "别处",
        }).ResponseAsync);

        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        var read = await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId });
        Assert.Equal(first.Version, read.Version);
        Assert.Equal(100_000, read.IncomePerCapitaFen);
        Assert.Equal(registered.Address, read.Address);
        Assert.Equal(1, await _factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.MessageType == typeof(HouseholdUpdated).FullName)));
    }

    [Fact]
    public async Task Concurrent_updates_of_one_version_let_exactly_one_win()
    {
        var (_, registered) = await RegisterAsync();
        var calls = Enumerable.Range(1, 6).Select(i => _factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = registered.HouseholdId, Version = registered.Version, IncomePerCapitaFen = i * 1000,
        }).ResponseAsync).ToList();

        var results = await Task.WhenAll(calls.Select(async c => { try { return (await c).IncomePerCapitaFen; } catch (RpcException e) when (e.StatusCode == StatusCode.Aborted) { return -1; } }));

        var winner = Assert.Single(results, r => r > 0);
        var read = await _factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId });
        Assert.Equal(winner, read.IncomePerCapitaFen);
        Assert.Equal(2, read.Version);
    }

    public static TheoryData<string, string> InvalidUpdates => new()
    {
        { "added member with a wrong check digit", "add_members[0].national_id" },
        { "added member whose sex disagrees with the ID", "add_members[0].sex" },
        { "added member without a name", "add_members[0].name" },
        { "added second head", "add_members[0].relation" },
        { "added member already in the household", "add_members[0].national_id" },
        { "changed member's birth date disagrees with the kept ID", "change_members[0].member.birth_date" },
        { "changed member's new ID is malformed", "change_members[0].member.national_id" },
        { "head changed away, none left", "change_members[0].member.relation" },
        { "head removed", "remove_person_ids[0]" },
        { "unknown person removed", "remove_person_ids[0]" },
        { "malformed person id", "change_members[0].person_id" },
        { "negative income", "income_per_capita_fen" },
        { "empty address", "address" },
        { "no poverty cause", "poverty_causes.causes" },
        { "unknown poverty cause", "poverty_causes.causes[0]" },
        { "no version", "version" },
    };

    [Theory]
    [MemberData(nameof(InvalidUpdates))]
    public async Task Invalid_updates_are_InvalidArgument_naming_the_field_and_change_nothing(string mistake, string field)
    {
        var (request, registered) = await RegisterAsync();
        var update = new UpdateHouseholdRequest { HouseholdId = registered.HouseholdId, Version = registered.Version };
        var head = Of(registered, Relation.Head);
        var extra = People.Member("陈二", new DateOnly(1990, 2, 2), Sex.Male, Relation.Sibling);
        switch (mistake)
        {
            case "added member with a wrong check digit":
                extra.NationalId = extra.NationalId[..17] + (extra.NationalId[17] == '0' ? '1' : '0');
                update.AddMembers.Add(extra);
                break;
            case "added member whose sex disagrees with the ID": extra.Sex = Sex.Female; update.AddMembers.Add(extra); break;
            case "added member without a name": extra.Name = " "; update.AddMembers.Add(extra); break;
            case "added second head": extra.Relation = Relation.Head; update.AddMembers.Add(extra); break;
            case "added member already in the household": update.AddMembers.Add(new MemberInput(request.Members[1]) { Relation = Relation.Other }); break;
            case "changed member's birth date disagrees with the kept ID":
                var change = Keep(Of(registered, Relation.Spouse), request.Members[1]);
                change.Member.BirthDate = "1982-07-03";
                update.ChangeMembers.Add(change);
                break;
            case "changed member's new ID is malformed":
                var wrong = Keep(Of(registered, Relation.Spouse), request.Members[1]);
                wrong.Member.NationalId = "12345";
                update.ChangeMembers.Add(wrong);
                break;
            case "head changed away, none left":
                var demoted = Keep(head, request.Members[0]);
                demoted.Member.Relation = Relation.Other;
                update.ChangeMembers.Add(demoted);
                break;
            case "head removed": update.RemovePersonIds.Add(head.PersonId); break;
            case "unknown person removed": update.RemovePersonIds.Add(Guid.NewGuid().ToString()); break;
            case "malformed person id": update.ChangeMembers.Add(new MemberChange { PersonId = "x", Member = request.Members[1] }); break;
            case "negative income": update.IncomePerCapitaFen = -5; break;
            case "empty address": update.Address = "  "; break;
            case "no poverty cause": update.PovertyCauses = new PovertyCauseList(); break;
            case "unknown poverty cause": update.PovertyCauses = new PovertyCauseList { Causes = { (PovertyCause)99 } }; break;
            case "no version": update.Version = 0; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().UpdateHouseholdAsync(update).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), v => v.Field == field);
        var read = await _factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId });
        Assert.Equal(registered.Version, read.Version);
        Assert.Equal(registered.Members.Select(m => (m.PersonId, m.Relation, m.BirthDate)), read.Members.Select(m => (m.PersonId, m.Relation, m.BirthDate)));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.MessageType == typeof(HouseholdUpdated).FullName)));
    }

    [Fact]
    public async Task Adding_a_person_of_another_household_is_AlreadyExists_and_names_the_field()
    {
        var (other, _) = await RegisterAsync();
        var (_, registered) = await RegisterAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = registered.HouseholdId, Version = registered.Version,
            AddMembers = { new MemberInput(other.Members[2]) { Relation = Relation.Grandchild } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("add_members[0].national_id", error.Status.Detail);
        Assert.DoesNotContain(other.Members[2].NationalId, error.Status.Detail);
    }

    [Fact]
    public async Task A_member_can_take_over_as_head_and_a_mistyped_ID_can_be_corrected()
    {
        var (request, registered) = await RegisterAsync();
        var oldHead = Keep(Of(registered, Relation.Head), request.Members[0]);
        oldHead.Member.Relation = Relation.Spouse;
        var newHead = Keep(Of(registered, Relation.Spouse), request.Members[1]);
        newHead.Member.Relation = Relation.Head;
        newHead.Member.NationalId = People.NationalId(new DateOnly(1982, 7, 2), Sex.Female);

        var updated = await _factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = registered.HouseholdId, Version = registered.Version, ChangeMembers = { oldHead, newHead },
        });

        var head = Of(updated, Relation.Head);
        Assert.Equal(Of(registered, Relation.Spouse).PersonId, head.PersonId);
        Assert.Equal(new string('*', 17) + newHead.Member.NationalId[17..], head.NationalId);
    }

    [Fact]
    public async Task Updating_an_unknown_household_is_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = Guid.NewGuid().ToString(), Version = 1, IncomePerCapitaFen = 1,
        }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}

[Collection(HouseholdsOnRabbitMq.Name)]
public class UpdateOverRabbitMqTests
{
    [RabbitMqFact]
    public async Task HouseholdUpdated_reaches_the_bus_with_the_new_version()
    {
        await using var probe = await EventProbe<HouseholdUpdated>.StartAsync();
        await using var factory = await HouseholdsFactory.CreateOnRabbitMqAsync();
        var registered = await factory.Registry().RegisterHouseholdAsync(People.Family());

        await factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = registered.HouseholdId, Version = registered.Version, IncomePerCapitaFen = 123_400,
        });

        var received = await probe.WaitForAsync(e => e.HouseholdId == Guid.Parse(registered.HouseholdId), TimeSpan.FromSeconds(20));
        Assert.Equal(2, received.Message.Version);
        Assert.Equal(123_400, received.Message.IncomePerCapitaFen);
    }
}
