using Coordination.BuildingBlocks.Hosting;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Ledger.Consumers;
using Coordination.Ledger.Data;
using Coordination.Ledger.Data.Migrations.PostgreSql;
using Coordination.Ledger.Data.Migrations.Sqlite;
using Coordination.Ledger.Data.Migrations.SqlServer;
using Coordination.Ledger.Exit;
using Coordination.Ledger.Grants;
using Coordination.Ledger.Grpc;
using Coordination.Ledger.Needs;
using Coordination.Ledger.Warnings;

namespace Coordination.Ledger;

public static class Extensions
{
    public const string ServiceName = "ledger";

    public static WebApplicationBuilder AddLedgerService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        builder.AddRestApiDocument("帮扶台账 Aid ledger", "各部门与企业的帮扶记录、重复帮扶、需求、退出评估、返贫预警。Every grant, duplicates, needs, exit evaluation, warnings.");
        builder.AddServiceDbContext<LedgerDbContext, SqliteLedgerDbContext, PostgreSqlLedgerDbContext, SqlServerLedgerDbContext>(ServiceName);
        builder.AddMessaging(ServiceName, x =>
        {
            x.AddGroupCommitConsumer<AidGrantedConsumer, Contracts.Events.AidGranted, GrantBatch>();
            x.AddConsumer<AidRevokedConsumer>();
            // The registry's events keep the ledger's household directory, each followed by the needs
            // (and the exit evaluation) of the household in the same transaction.
            x.AddConsumer<Consumers.HouseholdRegisteredConsumer>();
            x.AddConsumer<Consumers.HouseholdUpdatedConsumer>();
            x.AddConsumer<Consumers.HouseholdStatusChangedConsumer>();
            x.AddConsumer<Consumers.HouseholdsMergedConsumer>();
            x.AddConsumer<Consumers.MonitoringFlagRaisedConsumer>();
            x.AddConsumer<Consumers.MonitoringFlagClearedConsumer>();
            // The departments' facts.
            x.AddConsumer<EducationGuaranteeConsumer>();
            x.AddConsumer<MedicalGuaranteeConsumer>();
            x.AddConsumer<LargeMedicalExpenseConsumer>();
            x.AddConsumer<IndustryEnrolmentConsumer>();
            x.AddConsumer<DropoutAlertRaisedConsumer>();
            x.AddConsumer<DropoutAlertClearedConsumer>();
        });
        builder.Services.AddSingleton(BenefitCatalogue.LoadConfigured(builder.Configuration, "Grants"));
        builder.Services.Configure<ExitOptions>(builder.Configuration.GetSection(ExitOptions.Section));
        builder.Services.AddScoped<LedgerLock>();
        builder.Services.AddScoped<GrantLedger>();
        builder.Services.AddScoped<AidLedgerQueries>();
        builder.Services.AddScoped<NeedEvaluation>();
        builder.Services.AddScoped<ExitEvaluator>();
        builder.Services.AddScoped<RegionDisasters>();
        builder.Services.AddScoped<HouseholdReassessment>();
        return builder;
    }

    public static WebApplication MapLedgerService(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapRestApiDocument(ServiceName);
        app.MapGrpcService<AidLedgerService>();
        return app;
    }
}
