using Coordination.BuildingBlocks.Persistence;
using Coordination.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Xunit;

namespace Coordination.Persistence.Tests;

public class MigrationTests
{
    /// <summary>Every provider flavour of every service's context.</summary>
    private static readonly Dictionary<string, Dictionary<DatabaseProvider, Type>> Contexts = new()
    {
        ["households"] = Flavours<Households.Data.Migrations.Sqlite.SqliteHouseholdsDbContext,
            Households.Data.Migrations.PostgreSql.PostgreSqlHouseholdsDbContext, Households.Data.Migrations.SqlServer.SqlServerHouseholdsDbContext>(),
        ["ledger"] = Flavours<Ledger.Data.Migrations.Sqlite.SqliteLedgerDbContext,
            Ledger.Data.Migrations.PostgreSql.PostgreSqlLedgerDbContext, Ledger.Data.Migrations.SqlServer.SqlServerLedgerDbContext>(),
        ["industry"] = Flavours<Industry.Data.Migrations.Sqlite.SqliteIndustryDbContext,
            Industry.Data.Migrations.PostgreSql.PostgreSqlIndustryDbContext, Industry.Data.Migrations.SqlServer.SqlServerIndustryDbContext>(),
        ["education"] = Flavours<Education.Data.Migrations.Sqlite.SqliteEducationDbContext,
            Education.Data.Migrations.PostgreSql.PostgreSqlEducationDbContext, Education.Data.Migrations.SqlServer.SqlServerEducationDbContext>(),
        ["medical"] = Flavours<Medical.Data.Migrations.Sqlite.SqliteMedicalDbContext,
            Medical.Data.Migrations.PostgreSql.PostgreSqlMedicalDbContext, Medical.Data.Migrations.SqlServer.SqlServerMedicalDbContext>(),
        ["donors"] = Flavours<Donors.Data.Migrations.Sqlite.SqliteDonorsDbContext,
            Donors.Data.Migrations.PostgreSql.PostgreSqlDonorsDbContext, Donors.Data.Migrations.SqlServer.SqlServerDonorsDbContext>(),
        // The gateway's token clients (OpenIddict) and audit log.
        ["gateway"] = Flavours<Gateway.Data.Migrations.Sqlite.SqliteGatewayDbContext,
            Gateway.Data.Migrations.PostgreSql.PostgreSqlGatewayDbContext, Gateway.Data.Migrations.SqlServer.SqlServerGatewayDbContext>(),
    };

    public static TheoryData<string, DatabaseProvider> ServicesAndProviders()
    {
        var data = new TheoryData<string, DatabaseProvider>();
        foreach (var service in Contexts.Keys)
            foreach (var provider in Enum.GetValues<DatabaseProvider>()) data.Add(service, provider);
        return data;
    }

    public static TheoryData<string> Services() => new(Contexts.Keys);

    [Theory]
    [MemberData(nameof(ServicesAndProviders))]
    public void The_model_has_no_changes_missing_from_the_migrations(string service, DatabaseProvider provider)
    {
        using var db = Create(service, provider, DummyConnection(provider));
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"{service} has model changes without a {provider} migration: run deploy/add-migration.sh.");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Migrations_apply_on_SQLite(string service) => await MigrateAsync(service, DatabaseProvider.Sqlite);

    [PostgresTheory]
    [MemberData(nameof(Services))]
    public async Task Migrations_apply_on_PostgreSQL(string service) => await MigrateAsync(service, DatabaseProvider.PostgreSql);

    [Theory]
    [MemberData(nameof(Services))]
    public void The_SQL_Server_idempotent_script_generates(string service)
    {
        using var db = Create(service, DatabaseProvider.SqlServer, DummyConnection(DatabaseProvider.SqlServer));
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script);
        // The outbox and inbox come with messaging (MessagingDbContext); the gateway has neither.
        if (db is MessagingDbContext)
        {
            Assert.Contains("CREATE TABLE [OutboxMessages]", script);
            Assert.Contains("CREATE TABLE [InboxMessages]", script);
        }
        else
        {
            Assert.DoesNotContain("CREATE TABLE [OutboxMessages]", script);
            Assert.DoesNotContain("CREATE TABLE [InboxMessages]", script);
        }
        foreach (var migration in db.Database.GetMigrations()) Assert.Contains(migration, script);
    }

    private static async Task MigrateAsync(string service, DatabaseProvider provider)
    {
        await using var db = Create(service, provider, await TestEnvironment.CreateDatabaseAsync(provider, service));
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        if (db is MessagingDbContext messaging) Assert.Equal(0, await messaging.OutboxMessages.CountAsync());
    }

    private static ServiceDbContext Create(string service, DatabaseProvider provider, string connectionString)
    {
        var create = typeof(PersistenceExtensions).GetMethod(nameof(PersistenceExtensions.CreateContext))!
            .MakeGenericMethod(Contexts[service][provider]);
        return (ServiceDbContext)create.Invoke(null, [provider, connectionString])!;
    }

    // Enough for the model and the migrator; nothing connects.
    private static string DummyConnection(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "Data Source=:memory:",
        DatabaseProvider.PostgreSql => "Host=127.0.0.1;Database=unused",
        _ => "Server=127.0.0.1;Database=unused;TrustServerCertificate=True",
    };

    private static Dictionary<DatabaseProvider, Type> Flavours<TSqlite, TPostgreSql, TSqlServer>() => new()
    {
        [DatabaseProvider.Sqlite] = typeof(TSqlite),
        [DatabaseProvider.PostgreSql] = typeof(TPostgreSql),
        [DatabaseProvider.SqlServer] = typeof(TSqlServer),
    };
}
