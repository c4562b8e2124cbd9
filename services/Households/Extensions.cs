using Coordination.BuildingBlocks.Hosting;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.Data;
using Coordination.Households.Data.Migrations.PostgreSql;
using Coordination.Households.Data.Migrations.Sqlite;
using Coordination.Households.Data.Migrations.SqlServer;
using Coordination.Households.Consumers;
using Coordination.Households.Grpc;
using Coordination.Households.Lifecycle;
using Coordination.Households.Registration;

namespace Coordination.Households;

public static class Extensions
{
    public const string ServiceName = "households";

    public static WebApplicationBuilder AddHouseholdsService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        builder.AddRestApiDocument("建档立卡 Household registry", "贫困户登记、成员、状态与监测、重复人员与合并。Households, members, status and monitoring, duplicate persons and merges.");
        builder.AddPersonalDataProtection();
        builder.AddServiceDbContext<HouseholdsDbContext, SqliteHouseholdsDbContext, PostgreSqlHouseholdsDbContext, SqlServerHouseholdsDbContext>(ServiceName);
        builder.AddMessaging(ServiceName, x =>
        {
            // The ledger's answers: flags its 返贫 warnings ask for, and the exit evaluations that guard an exit.
            x.AddConsumer<MonitoringFlagRequestedConsumer>();
            x.AddConsumer<HouseholdExitEvaluatedConsumer>();
        });
        builder.Services.AddScoped<HouseholdRegistration>();
        builder.Services.AddScoped<HouseholdUpdate>();
        builder.Services.AddScoped<HouseholdLifecycle>();
        builder.Services.AddScoped<HouseholdQueries>();
        builder.Services.AddScoped<UnmaskedReads>();
        builder.Services.AddScoped<HouseholdImport>();
        builder.Services.AddScoped<PersonalDataReencryption>();
        builder.Services.AddSingleton<Deduplication.NameNormalizer>();
        builder.Services.AddSingleton<Deduplication.PersonNames>();
        builder.Services.AddScoped<Deduplication.DuplicateFinder>();
        builder.Services.AddScoped<Deduplication.DuplicateReview>();
        builder.Services.AddScoped<Deduplication.HouseholdMerge>();
        builder.Services.Configure<ExitOptions>(builder.Configuration.GetSection(ExitOptions.Section));
        builder.Services.Configure<ImportOptions>(builder.Configuration.GetSection(ImportOptions.Section));
        builder.Services.Configure<Domain.FourLookOptions>(builder.Configuration.GetSection(Domain.FourLookOptions.Section));
        return builder;
    }

    public static WebApplication MapHouseholdsService(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapRestApiDocument(ServiceName);
        app.MapGrpcService<HouseholdRegistryService>();
        return app;
    }
}
