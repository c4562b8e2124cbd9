using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Industry.Data;
using Coordination.Industry.V1;
using Coordination.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Industry.Tests;

/// <summary>The industry host in memory: a database of the given provider, the in-memory bus.</summary>
public sealed class IndustryFactory(DatabaseProvider provider, string connectionString, IDictionary<string, string?>? settings)
    : ServiceFactory<Program>(provider, connectionString, settings)
{
    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<IndustryFactory> CreateAsync(
        DatabaseProvider provider = DatabaseProvider.Sqlite, IDictionary<string, string?>? settings = null) =>
        new(provider, await TestEnvironment.CreateDatabaseAsync(provider, "industry"), settings);

    public IndustryProjects.IndustryProjectsClient Client() => new(Channel());

    public Task<T> WithDbAsync<T>(Func<IndustryDbContext, Task<T>> read) => WithDbAsync<IndustryDbContext, T>(read);

    /// <summary>Puts a household in the directory as the registry's events would have left it.</summary>
    public async Task<Guid> KnownHouseholdAsync(
        HouseholdStatus status = HouseholdStatus.Registered, int? exitYear = null, Guid? mergedInto = null, string regionCode = "520402101201")
    {
        var id = Guid.NewGuid();
        await WithDbAsync<IndustryDbContext>(async db =>
        {
            db.Households.Add(new KnownHousehold
            {
                Id = id, RegionCode = regionCode, Status = status, ExitYear = exitYear, MergedInto = mergedInto,
                Version = 1, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        return id;
    }

    /// <summary>The events of a type waiting in the outbox, as they will be published.</summary>
    public Task<List<T>> OutboxAsync<T>() => WithDbAsync(async db =>
        (await db.OutboxMessages.AsNoTracking().Where(m => m.MessageType == typeof(T).FullName).OrderBy(m => m.CreatedAt).ToListAsync())
        .Select(m => JsonSerializer.Deserialize<T>(m.Payload, EventJson)!).ToList());

    public static string ValidCreditCode(string first17 = "91520402MA6DL12B3") => first17 + CreditCode.CheckCharacter(first17);

    public static CreateProjectRequest Workshop(string regionCode = "520402101", string name = "六盘水某村扶贫车间") => new()
    {
        Name = name,
        Type = ProjectType.Workshop,
        OperatorName = "六盘水某服装有限公司",
        OperatorKind = OperatorKind.Company,
        OperatorCreditCode = ValidCreditCode(),
        RegionCode = regionCode,
        Funds =
        {
            new Fund { Source = FundSource.CentralFiscal, AmountFen = 50_000_000 },
            new Fund { Source = FundSource.Enterprise, AmountFen = 20_000_000 },
        },
        StartDate = "2025-03-01",
        EndDate = "2028-02-29",
    };

    public async Task<Project> CreateProjectAsync(CreateProjectRequest? request = null) =>
        await Client().CreateProjectAsync(request ?? Workshop());

    /// <summary>A project with a household enrolled in the role.</summary>
    public async Task<(Project Project, Guid HouseholdId)> EnrolledAsync(EnrolmentRole role = EnrolmentRole.Member)
    {
        var project = await CreateProjectAsync();
        var household = await KnownHouseholdAsync();
        await Client().EnrollHouseholdAsync(new EnrollHouseholdRequest { ProjectId = project.ProjectId, HouseholdId = household.ToString(), Role = role });
        return (project, household);
    }
}
