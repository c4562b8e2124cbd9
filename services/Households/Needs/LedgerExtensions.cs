using Coordination.Households.Exit;
using Coordination.Households.Warnings;
using MassTransit;

namespace Coordination.Households.Needs;

/// <summary>The ledger's wiring beyond grants, kept here so the service's Extensions.cs changes by one line each.</summary>
public static class LedgerExtensions
{
    public static void AddLedgerNeedConsumers(this IBusRegistrationConfigurator x)
    {
        x.AddConsumer<EducationGuaranteeConsumer>();
        x.AddConsumer<MedicalGuaranteeConsumer>();
        x.AddConsumer<MedicalExpenseNeedConsumer>();
        x.AddConsumer<IndustryEnrolmentConsumer>();
        x.AddConsumer<DropoutAlertRaisedConsumer>();
        x.AddConsumer<DropoutAlertClearedConsumer>();
        x.AddConsumer<RegistryNeedConsumer>();
    }

    public static WebApplicationBuilder AddLedgerNeedsAndExit(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<NeedEvaluation>();
        builder.Services.AddScoped<ExitEvaluator>();
        builder.Services.AddScoped<RegionDisasters>();
        builder.Services.Configure<ExitOptions>(builder.Configuration.GetSection(ExitOptions.Section));
        return builder;
    }
}
