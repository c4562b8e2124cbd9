using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Medical.Data;
using Coordination.Medical.V1;
using Coordination.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Medical.Tests;

/// <summary>The medical host in memory: a SQLite file, the in-memory bus, a household directory seeded directly.</summary>
public sealed class MedicalFactory(DatabaseProvider provider, string connectionString, IDictionary<string, string?>? settings)
    : ServiceFactory<Program>(provider, connectionString, settings)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<MedicalFactory> CreateAsync(IDictionary<string, string?>? settings = null) =>
        new(DatabaseProvider.Sqlite, await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "medical"), settings);

    public MedicalAid.MedicalAidClient Client() => new(Channel());

    public Task<T> WithDbAsync<T>(Func<MedicalDbContext, Task<T>> read) => WithDbAsync<MedicalDbContext, T>(read);

    /// <summary>A household as the registry's events would have left it in the directory: a head, a spouse, a child.</summary>
    public async Task<KnownHousehold> SeedHouseholdAsync(HouseholdStatus status = HouseholdStatus.Registered, int? exitYear = null, int members = 3,
        string regionCode = "520402101201")
    {
        var id = Guid.NewGuid();
        var household = new KnownHousehold
        {
            Id = id, RegionCode = regionCode, Status = status, ExitYear = exitYear, Version = 1, UpdatedAt = DateTime.UtcNow,
        };
        var relations = new[] { Relation.Head, Relation.Spouse, Relation.Child, Relation.Parent };
        for (var i = 0; i < members; i++)
            household.Members.Add(new KnownMember
            {
                Id = Guid.NewGuid(), HouseholdId = id, Relation = relations[i % relations.Length], Sex = Sex.Male,
                BirthDate = new DateOnly(1980 + i * 10, 1, 1), Health = HealthStatus.Healthy, LabourCapacity = LabourCapacity.Full,
                SchoolingStage = SchoolingStage.Completed,
            });
        await WithDbAsync<MedicalDbContext>(async db =>
        {
            db.Households.Add(household);
            await db.SaveChangesAsync();
        });
        return household;
    }

    /// <summary>The events the service queued in its outbox, of one type, in the order they were queued.</summary>
    public Task<List<T>> OutboxAsync<T>() => WithDbAsync(async db =>
        (await db.OutboxMessages.AsNoTracking().Where(m => m.MessageType == typeof(T).FullName).OrderBy(m => m.Id).ToListAsync())
        .Select(m => JsonSerializer.Deserialize<T>(m.Payload, Json)!).ToList());
}
