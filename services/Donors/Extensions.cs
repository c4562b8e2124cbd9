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
            // The ledger's needs and the aid households received: the matcher's read model. The inbox filter
            // commits what these change and drops redeliveries. Events may overtake each other (consumers run
            // concurrently), so a close or revoke that arrives first leaves a row the late open or grant does not undo.
            x.AddConsumer<NeedOpenedConsumer>();
            x.AddConsumer<NeedClosedConsumer>();
            x.AddConsumer<AidGrantedConsumer>();
            x.AddConsumer<AidRevokedConsumer>();
        });
        builder.AddRestApiDocument("社会扶贫 Donor enterprises", "企业注册、认捐、与贫困户需求匹配、捐赠追溯。Enterprise registration, pledges, matching to households' needs, traceability.");
        builder.Services.AddScoped<EnterpriseRegistry>();
        builder.Services.AddScoped<PledgeBook>();
        builder.Services.AddScoped<MatchingRun>();
        // The ledger's benefit catalogue, applied to every allocation before it is made (see README).
        builder.Services.AddSingleton(MatchingCatalogue.LoadConfigured(builder.Configuration));
        if (MatchingSchedule.Interval(builder.Configuration) is not null) builder.Services.AddHostedService<MatchingSchedule>();
        return builder;
    }

    public static WebApplication MapDonorsService(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<DonorEnterprisesService>();
        app.MapRestApiDocument(ServiceName);
        return app;
    }
}
