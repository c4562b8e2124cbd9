using Coordination.BuildingBlocks.Hosting;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Education.Data;
using Coordination.Education.Data.Migrations.PostgreSql;
using Coordination.Education.Data.Migrations.Sqlite;
using Coordination.Education.Data.Migrations.SqlServer;
using Coordination.Education.Grpc;

namespace Coordination.Education;

public static class Extensions
{
    public const string ServiceName = "education";

    public static WebApplicationBuilder AddEducationService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        builder.AddServiceDbContext<EducationDbContext, SqliteEducationDbContext, PostgreSqlEducationDbContext, SqlServerEducationDbContext>(ServiceName);
        builder.AddMessaging(ServiceName, x => x.AddHouseholdDirectoryConsumers());
        return builder;
    }

    public static WebApplication MapEducationService(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<EducationAidService>();
        return app;
    }
}
