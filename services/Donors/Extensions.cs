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
using Microsoft.OpenApi.Models;

namespace Coordination.Donors;

public static class Extensions
{
    public const string ServiceName = "donors";

    public const string OpenApiPath = "/api/v1/donors/openapi/v1.json";

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
        // The REST API's OpenAPI document, generated from the proto's HTTP annotations and comments.
        builder.Services.AddGrpcSwagger();
        builder.Services.AddSwaggerGen(o => o.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "Donor enterprises (社会扶贫)",
            Version = "v1",
            Description = "Enterprise registration, pledges, matching to households' needs, traceability.",
        }));
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
        // Under the service's REST prefix, so the gateway routes it like the API it describes.
        app.UseSwagger(o => o.RouteTemplate = OpenApiPath.TrimStart('/').Replace("v1.json", "{documentName}.json"));
        return app;
    }
}
