using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Education.Data;
using Coordination.Education.V1;
using Coordination.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Education.Tests;

/// <summary>
/// The education host in memory (in-memory bus, a database of the given provider), with the current
/// term fixed so that ages and terms in the tests do not depend on the day they run.
/// </summary>
public sealed class EducationFactory(DatabaseProvider provider, string connectionString, IDictionary<string, string?> settings)
    : ServiceFactory<Program>(provider, connectionString, settings)
{
    public const string Term = "2026-autumn";

    /// <summary>The first day of <see cref="Term"/>, on which school age is reckoned.</summary>
    public static readonly DateOnly TermStart = new(2026, 9, 1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<EducationFactory> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Education:CurrentTerm"] = Term };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new(provider, await TestEnvironment.CreateDatabaseAsync(provider, "education"), all);
    }

    public EducationAid.EducationAidClient Client() => new(Channel());

    public Task<T> WithDbAsync<T>(Func<EducationDbContext, Task<T>> read) => WithDbAsync<EducationDbContext, T>(read);

    /// <summary>
    /// Files a household the way the registry announces it (HouseholdRegistered over the bus, through
    /// education's consumer and inbox) and waits until education knows it. Members are given by age
    /// on the first day of the term; the first is the head.
    /// </summary>
    public async Task<Household> RegisterAsync(params int[] ages) => await RegisterAsync("520402101201", ages);

    public async Task<Household> RegisterAsync(string regionCode, params int[] ages)
    {
        var members = ages.Select((age, i) => new HouseholdMember(Guid.NewGuid(), i == 0 ? Relation.Head : Relation.Child,
            Sex.Male, TermStart.AddYears(-age).AddDays(-30), HealthStatus.Healthy, i == 0 ? LabourCapacity.Full : LabourCapacity.None,
            SchoolingStage.Primary)).ToList();
        var household = new Household(Guid.NewGuid(), regionCode, members.Select(m => m.PersonId).ToList());
        await PublishAsync(new HouseholdRegistered(household.Id, "R" + household.Id.ToString("N")[..10], regionCode,
            HouseholdStatus.Registered, [PovertyCause.SchoolingCosts], 300_000, members, DateTime.UtcNow));
        await Eventually.TrueAsync(() => WithDbAsync(db => db.Households.AnyAsync(h => h.Id == household.Id)),
            TimeSpan.FromSeconds(10), "education to learn of the household");
        return household;
    }

    /// <summary>Publishes an event on the in-memory bus, as the registry would over RabbitMQ.</summary>
    public async Task PublishAsync<T>(T message) where T : class =>
        await Services.GetRequiredService<IBus>().Publish(message);

    /// <summary>The events of a type that education queued in its outbox, in order.</summary>
    public Task<List<T>> OutboxAsync<T>() => WithDbAsync(async db =>
        (await db.OutboxMessages.AsNoTracking().Where(m => m.MessageType == typeof(T).FullName).ToListAsync())
            .OrderBy(m => m.Id).Select(m => JsonSerializer.Deserialize<T>(m.Payload, Json)!).ToList());

    public Task<int> OutboxCountAsync() => WithDbAsync(db => db.OutboxMessages.CountAsync());

    /// <summary>Enrols a person in <see cref="Term"/>.</summary>
    public async Task<V1.Enrolment> EnrolAsync(Guid personId, Stage stage = Stage.Primary, bool boarder = false, string term = Term) =>
        await Client().EnrolStudentAsync(new EnrolStudentRequest
        {
            PersonId = personId.ToString(), Term = term, SchoolCode = "520402-PS-01", SchoolName = "某村小学", Stage = stage, Boarder = boarder,
        });

    public static GrantBenefitRequest Grant(Guid personId, BenefitType type, long amountFen = 50_000, string term = Term) => new()
    {
        RequestId = Guid.NewGuid().ToString(), PersonId = personId.ToString(), Term = term, BenefitType = type, AmountFen = amountFen,
    };
}

public sealed record Household(Guid Id, string RegionCode, IReadOnlyList<Guid> PersonIds);
