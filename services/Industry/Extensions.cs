using Coordination.BuildingBlocks.Hosting;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Industry.Benefits;
using Coordination.Industry.Data;
using Coordination.Industry.Data.Migrations.PostgreSql;
using Coordination.Industry.Data.Migrations.Sqlite;
using Coordination.Industry.Data.Migrations.SqlServer;
using Coordination.Industry.Grpc;
using Coordination.Industry.Projects;

namespace Coordination.Industry;

public static class Extensions
{
    public const string ServiceName = "industry";

    public static WebApplicationBuilder AddIndustryService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        builder.AddRestApiDocument("产业扶贫 Industry", "产业项目、带贫户、分红、务工与土地流转收益。Projects, enrolled households, dividends, wages and land rent.");
        builder.AddServiceDbContext<IndustryDbContext, SqliteIndustryDbContext, PostgreSqlIndustryDbContext, SqlServerIndustryDbContext>(ServiceName);
        // The registry's households reach this service only through its events (the household directory).
        builder.AddMessaging(ServiceName, x => x.AddHouseholdDirectoryConsumers());
        builder.AddHouseholdDirectory();
        builder.Services.AddScoped<ProjectCatalogue>();
        builder.Services.AddScoped<BenefitPayments>();
        return builder;
    }

    public static WebApplication MapIndustryService(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapRestApiDocument(ServiceName);
        app.MapGrpcService<IndustryProjectsService>();
        return app;
    }
}
