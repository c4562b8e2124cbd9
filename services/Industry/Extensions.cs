using Coordination.BuildingBlocks.Hosting;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Industry.Data;
using Coordination.Industry.Data.Migrations.PostgreSql;
using Coordination.Industry.Data.Migrations.Sqlite;
using Coordination.Industry.Data.Migrations.SqlServer;
using Coordination.Industry.Grpc;

namespace Coordination.Industry;

public static class Extensions
{
    public const string ServiceName = "industry";

    public static WebApplicationBuilder AddIndustryService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        builder.AddServiceDbContext<IndustryDbContext, SqliteIndustryDbContext, PostgreSqlIndustryDbContext, SqlServerIndustryDbContext>(ServiceName);
        builder.AddMessaging(ServiceName);
        return builder;
    }

    public static WebApplication MapIndustryService(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<IndustryProjectsService>();
        return app;
    }
}
