using Coordination.BuildingBlocks.Hosting;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Medical.Aid;
using Coordination.Medical.Consumers;
using Coordination.Medical.Data;
using Coordination.Medical.Data.Migrations.PostgreSql;
using Coordination.Medical.Data.Migrations.Sqlite;
using Coordination.Medical.Data.Migrations.SqlServer;
using Coordination.Medical.Domain;
using Coordination.Medical.Grpc;

namespace Coordination.Medical;

public static class Extensions
{
    public const string ServiceName = "medical";

    public static WebApplicationBuilder AddMedicalService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        builder.AddRestApiDocument("健康扶贫 Medical", "参保、就医费用与报销、医疗保障。Insurance, claims and reimbursements, the medical guarantee.");
        builder.AddServiceDbContext<MedicalDbContext, SqliteMedicalDbContext, PostgreSqlMedicalDbContext, SqlServerMedicalDbContext>(ServiceName);
        builder.AddMessaging(ServiceName, x =>
        {
            x.AddHouseholdDirectoryConsumers();
            x.AddConsumer<HouseholdMembersChangedConsumer>();
        });
        builder.AddHouseholdDirectory();
        // A policy that cannot be applied must stop the service at start, not pay a wrong amount later.
        builder.Services.AddOptions<MedicalPolicyOptions>().Bind(builder.Configuration.GetSection(MedicalPolicyOptions.Section))
            .Validate(o => !o.Validate().Any(), "Medical:Policy is invalid: rates are whole percents 0..100; amounts are not negative.")
            .ValidateOnStart();
        builder.Services.AddScoped<InsuranceEnrolments>();
        builder.Services.AddScoped<ClaimProcessing>();
        return builder;
    }

    public static WebApplication MapMedicalService(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapRestApiDocument(ServiceName);
        app.MapGrpcService<MedicalAidService>();
        return app;
    }
}
