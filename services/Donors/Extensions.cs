using Coordination.BuildingBlocks.Hosting;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Donors.Data;
using Coordination.Donors.Data.Migrations.PostgreSql;
using Coordination.Donors.Data.Migrations.Sqlite;
using Coordination.Donors.Data.Migrations.SqlServer;
using Coordination.Donors.Grpc;

namespace Coordination.Donors;

public static class Extensions
{
    public const string ServiceName = "donors";

    public static WebApplicationBuilder AddDonorsService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        builder.AddServiceDbContext<DonorsDbContext, SqliteDonorsDbContext, PostgreSqlDonorsDbContext, SqlServerDonorsDbContext>(ServiceName);
        builder.AddMessaging(ServiceName);
        return builder;
    }

    public static WebApplication MapDonorsService(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<DonorEnterprisesService>();
        return app;
    }
}
