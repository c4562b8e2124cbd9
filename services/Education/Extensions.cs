using Coordination.BuildingBlocks.Hosting;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Education.Data;
using Coordination.Education.Data.Migrations.PostgreSql;
using Coordination.Education.Data.Migrations.Sqlite;
using Coordination.Education.Data.Migrations.SqlServer;
using Coordination.Education.Domain;
using Coordination.Education.Dropout;
using Coordination.Education.Grants;
using Coordination.Education.Grpc;
using Coordination.Education.Students;
using Microsoft.Extensions.Options;

namespace Coordination.Education;

public static class Extensions
{
    public const string ServiceName = "education";

    public static WebApplicationBuilder AddEducationService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        builder.AddRestApiDocument("教育扶贫 Education", "学生、在读登记、资助、控辍保学。Students, enrolments, waivers and subsidies, dropout alerts.");
        builder.AddServiceDbContext<EducationDbContext, SqliteEducationDbContext, PostgreSqlEducationDbContext, SqlServerEducationDbContext>(ServiceName);
        builder.AddMessaging(ServiceName, x =>
        {
            // Instead of the directory's AddHouseholdDirectoryConsumers: its consumers, each followed by a
            // dropout assessment in the same inbox transaction. They keep its class names, so the queues keep theirs.
            x.AddConsumer<Consumers.HouseholdRegisteredConsumer>();
            x.AddConsumer<Consumers.HouseholdUpdatedConsumer>();
            x.AddConsumer<Consumers.HouseholdStatusChangedConsumer>();
            x.AddConsumer<Consumers.HouseholdsMergedConsumer>();
        });

        builder.AddHouseholdDirectory();
        builder.Services.AddOptions<EducationOptions>().Bind(builder.Configuration.GetSection(EducationOptions.Section))
            .Validate(o => string.IsNullOrWhiteSpace(o.CurrentTerm) || Term.TryParse(o.CurrentTerm.Trim(), out _),
                "Education:CurrentTerm must be a term such as 2026-autumn, or unset to follow the calendar.")
            .Validate(o => o.SchoolAgeFrom >= 0 && o.SchoolAgeFrom <= o.SchoolAgeTo, "Education:SchoolAgeFrom must be at most SchoolAgeTo.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "Education:SweepInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<DropoutMonitor>();
        builder.Services.AddScoped<StudentEnrolment>();
        builder.Services.AddScoped<BenefitGranting>();
        builder.Services.AddSingleton<DropoutSweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DropoutSweep>());
        return builder;
    }

    public static WebApplication MapEducationService(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapRestApiDocument(ServiceName);
        app.MapGrpcService<EducationAidService>();
        return app;
    }
}
