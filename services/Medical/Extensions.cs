using Coordination.BuildingBlocks.Hosting;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Medical.Data;
using Coordination.Medical.Data.Migrations.PostgreSql;
using Coordination.Medical.Data.Migrations.Sqlite;
using Coordination.Medical.Data.Migrations.SqlServer;
using Coordination.Medical.Grpc;

namespace Coordination.Medical;

public static class Extensions
{
    public const string ServiceName = "medical";

    public static WebApplicationBuilder AddMedicalService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        builder.AddServiceDbContext<MedicalDbContext, SqliteMedicalDbContext, PostgreSqlMedicalDbContext, SqlServerMedicalDbContext>(ServiceName);
        builder.AddMessaging(ServiceName);
        return builder;
    }

    public static WebApplication MapMedicalService(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<MedicalAidService>();
        return app;
    }
}
