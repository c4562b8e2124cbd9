using System.Net;
using System.Net.Http.Json;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Households.Tests;

public class RegistrationTests : IAsyncLifetime
{
    private HouseholdsFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await HouseholdsFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_registered_household_reads_back_with_national_ids_and_names_masked()
    {
        var request = People.Family();
        var registry = _factory.Registry();

        var registered = await registry.RegisterHouseholdAsync(request);
        var read = await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId });

        Assert.Equal(HouseholdStatus.Registered, read.Status);
        Assert.StartsWith(request.RegionCode, read.RegistrationNumber);
        Assert.Equal(3, read.Members.Count);
        foreach (var (input, member) in request.Members.Zip(read.Members))
        {
            Assert.Equal(new string('*', 17) + input.NationalId[17..], member.NationalId);
            Assert.Equal(input.Name[..1] + "*", member.Name);
            Assert.Equal(BuildingBlocks.PersonalData.PersonalDataMask.BirthDate(DateOnly.Parse(input.BirthDate), DateOnly.FromDateTime(DateTime.UtcNow)), member.BirthDate);
            Assert.Equal(input.Relation, member.Relation);
        }
        Assert.Equal(registered.Version, read.Version);
    }

    [Fact]
    public async Task Personal_data_is_encrypted_at_rest_and_absent_from_the_event()
    {
        var request = People.Family();
        var registered = await _factory.Registry().RegisterHouseholdAsync(request);

        var (members, outbox) = await _factory.WithDbAsync(async db =>
            (await db.Members.AsNoTracking().ToListAsync(), await db.OutboxMessages.AsNoTracking().ToListAsync()));
        // The ledger in the same process may already have opened needs from the registration: those
        // rows must be as free of personal data as the registration's own event.
        var row = Assert.Single(outbox, m => m.MessageType == typeof(HouseholdRegistered).FullName);
        Assert.Contains(registered.HouseholdId, row.Payload);
        foreach (var input in request.Members)
        {
            Assert.DoesNotContain(members, m => m.NationalIdEncrypted.Contains(input.NationalId) || m.NameEncrypted.Contains(input.Name));
            Assert.All(outbox, m =>
            {
                Assert.DoesNotContain(input.NationalId, m.Payload);
                Assert.DoesNotContain(input.Name, m.Payload);
            });
        }
    }

    [Fact]
    public async Task A_lower_case_x_in_the_check_position_is_accepted()
    {
        var request = People.Family();
        // 11010519491231002X is GB 11643's own example: a woman born 1949-12-31.
        request.Members[1].NationalId = "11010519491231002x";
        request.Members[1].BirthDate = "1949-12-31";

        var registered = await _factory.Registry().RegisterHouseholdAsync(request);

        Assert.Contains(registered.Members, m => m.NationalId == "*****************X");
    }

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { "wrong check digit", "members[0].national_id" },
        { "impossible birth date", "members[0].national_id" },
        { "wrong length", "members[0].national_id" },
        { "bad region code", "region_code" },
        { "no head", "members" },
        { "two heads", "members" },
        { "sex disagrees with the ID", "members[0].sex" },
        { "birth date disagrees with the ID", "members[0].birth_date" },
        { "negative income", "income_per_capita_fen" },
        { "no poverty cause", "poverty_causes" },
        { "same person twice", "members[1].national_id" },
        { "a NUL inside a name", "members[0].name" },
        { "a right-to-left override in a name", "members[1].name" },
        { "a line break in the address", "address" },
        { "a zero-width space in the helper's name", "assigned_helper" },
        { "a name of 51 characters", "members[0].name" },
        { "an address of 201 characters", "address" },
        { "51 members", "members" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Invalid_input_is_InvalidArgument_naming_the_field_and_stores_nothing(string mistake, string field)
    {
        var request = People.Family();
        var head = request.Members[0];
        switch (mistake)
        {
            case "wrong check digit": head.NationalId = head.NationalId[..17] + (head.NationalId[17] == '0' ? '1' : '0'); break;
            case "impossible birth date": head.NationalId = WithCheck(head.NationalId[..6] + "19800231" + head.NationalId[14..17]); break;
            case "wrong length": head.NationalId = head.NationalId[..17]; break;
            case "bad region code": request.RegionCode = "52040210120"; break;
            case "no head": head.Relation = Relation.Other; break;
            case "two heads": request.Members[1].Relation = Relation.Head; break;
            case "sex disagrees with the ID": head.Sex = Sex.Female; break;
            case "birth date disagrees with the ID": head.BirthDate = "1980-03-15"; break;
            case "negative income": request.IncomePerCapitaFen = -1; break;
            case "no poverty cause": request.PovertyCauses.Clear(); break;
            case "same person twice":
                request.Members[1].NationalId = head.NationalId;
                request.Members[1].Sex = head.Sex;
                request.Members[1].BirthDate = head.BirthDate;
                break;
            case "a NUL inside a name": head.Name = "李\u0000四"; break;
            case "a right-to-left override in a name": request.Members[1].Name = "王\u202E五"; break;
            case "a line break in the address": request.Address = "贵州省\n安顺市"; break;
            case "a zero-width space in the helper's name": request.AssignedHelper = "张\u200B三"; break;
            case "a name of 51 characters": head.Name = new string('李', 51); break;
            case "an address of 201 characters": request.Address = new string('村', 201); break;
            case "51 members":
                while (request.Members.Count < 51)
                    request.Members.Add(People.Member("成员" + request.Members.Count, new DateOnly(1990, 1, 1), Sex.Male, Relation.Other));
                break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().RegisterHouseholdAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), v => v.Field == field);
        Assert.DoesNotContain(head.NationalId, error.Status.Detail);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Households.CountAsync()));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task A_person_already_in_a_household_cannot_join_another()
    {
        var first = People.Family();
        await _factory.Registry().RegisterHouseholdAsync(first);
        var second = People.Family();
        second.Members[2] = first.Members[2].Clone();
        second.Members[2].Relation = Relation.Grandchild;

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().RegisterHouseholdAsync(second).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("members[2].national_id", error.Status.Detail);
        Assert.DoesNotContain(first.Members[2].NationalId, error.Status.Detail);
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Households.CountAsync()));
    }

    [Fact]
    public async Task Reading_an_unknown_or_malformed_id_is_NotFound_or_InvalidArgument()
    {
        var registry = _factory.Registry();
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = Guid.NewGuid().ToString() }).ResponseAsync);
        var malformed = await Assert.ThrowsAsync<RpcException>(() =>
            registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = "not-an-id" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Contains(malformed.FieldViolations(), v => v.Field == "household_id");
    }

    [Fact]
    public async Task The_REST_endpoint_answers_problem_details_for_errors_and_masked_data_otherwise()
    {
        var client = _factory.CreateClient();
        var bad = await client.PostAsJsonAsync("/api/v1/households", new { regionCode = "123", members = Array.Empty<object>() });
        Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, await bad.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = await bad.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty("region_code", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("members", out _));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Households.CountAsync()));

        var missing = await client.GetAsync($"/api/v1/households/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var registered = await _factory.Registry().RegisterHouseholdAsync(People.Family());
        var read = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/households/{registered.HouseholdId}");
        Assert.Equal(registered.HouseholdId, read.GetProperty("householdId").GetString());
        Assert.StartsWith(new string('*', 17), read.GetProperty("members")[0].GetProperty("nationalId").GetString());
    }

    private static string WithCheck(string first17) => first17 + BuildingBlocks.Domain.NationalId.CheckCharacter(first17);
}

public class ProviderRoundTripTests
{
    [Fact]
    public Task A_household_round_trips_on_SQLite() => RoundTrip(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task A_household_round_trips_on_PostgreSQL() => RoundTrip(DatabaseProvider.PostgreSql);

    private static async Task RoundTrip(DatabaseProvider provider)
    {
        await using var factory = await HouseholdsFactory.CreateAsync(provider);
        var request = People.Family();

        var registered = await factory.Registry().RegisterHouseholdAsync(request);
        var read = await factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId });

        Assert.Equal(request.RegionCode, read.RegionCode);
        Assert.Equal(request.Address, read.Address);
        Assert.Equal(request.IncomePerCapitaFen, read.IncomePerCapitaFen);
        Assert.Equal(request.PovertyCauses, read.PovertyCauses);
        // The stored date itself, read unmasked: a masked read shows only the year.
        var permitted = new HouseholdRegistry.HouseholdRegistryClient(factory.Channel(TestCaller.Broad.Unmasked()));
        var clear = await permitted.GetHouseholdAsync(new GetHouseholdRequest
        {
            HouseholdId = registered.HouseholdId, Unmasked = new UnmaskedRead { RequestedBy = "测试", Purpose = "日期往返" },
        });
        Assert.Equal(request.Members.Select(m => m.BirthDate), clear.Members.Select(m => m.BirthDate));
        Assert.Equal(registered.RegisteredAt, read.RegisteredAt);
    }
}
