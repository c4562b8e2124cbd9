using Coordination.BuildingBlocks.Hosting;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Donors.Data;
using Coordination.Donors.Data.Migrations.PostgreSql;
using Coordination.Donors.Data.Migrations.Sqlite;
using Coordination.Donors.Data.Migrations.SqlServer;
using Coordination.Donors.Consumers;
using Coordination.Donors.Enterprises;
using Coordination.Donors.Grpc;
using Coordination.Donors.Matching;
using Coordination.Donors.Pledges;

namespace Coordination.Donors;

public static class Extensions
{
    public const string ServiceName = "donors";

    public static WebApplicationBuilder AddDonorsService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        builder.AddServiceDbContext<DonorsDbContext, SqliteDonorsDbContext, PostgreSqlDonorsDbContext, SqlServerDonorsDbContext>(ServiceName);
        builder.AddMessaging(ServiceName, x =>
        {
            // The ledger's needs and the aid households received: the matcher's read model.
            x.AddConsumer<NeedOpenedConsumer>();
            x.AddConsumer<NeedClosedConsumer>();
            x.AddConsumer<AidGrantedConsumer>();
            x.AddConsumer<AidRevokedConsumer>();
        });
        builder.Services.AddScoped<EnterpriseRegistry>();
        builder.Services.AddScoped<PledgeBook>();
        builder.Services.AddScoped<MatchingRun>();
        return builder;
    }

    public static WebApplication MapDonorsService(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<DonorEnterprisesService>();
        return app;
    }
}
