using System.Net;
using Coordination.BuildingBlocks.Grpc;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.BuildingBlocks.Security;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.HealthChecks;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Coordination.BuildingBlocks.Hosting;

public static class ServiceDefaults
{
    /// <summary>
    /// What every host has: two loopback ports (h2c gRPC, HTTP/1.1), gRPC with the error mapping,
    /// JSON transcoding, reflection and grpc.health.v1, health checks, OpenTelemetry tracing, and
    /// security: JWT bearer validation and the route/role matrix on every call.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.AddHostPorts();
        builder.AddTelemetry(serviceName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddServiceSecurity();
        builder.Services.AddGrpc(o =>
            {
                o.Interceptors.Add<ErrorMappingInterceptor>();
                // Every call, gRPC or transcoded REST, is judged by the route/role matrix.
                o.Interceptors.Add<AccessPolicyInterceptor>();
            })
            // REST callers get the same error details as gRPC callers, as JSON (google.rpc.Status).
            .AddJsonTranscoding(o => o.TypeRegistry = TypeRegistry.FromMessages(BadRequest.Descriptor, PreconditionFailure.Descriptor));
        builder.Services.AddGrpcReflection();
        builder.Services.AddCachedGrpcHealthChecks();
        return builder;
    }

    /// <summary>Kestrel on the two configured ports, bound to loopback unless configured otherwise.</summary>
    public static WebApplicationBuilder AddHostPorts(this WebApplicationBuilder builder)
    {
        var hosting = builder.Configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(hosting.BindAddress);
            if (hosting.GrpcPort > 0) kestrel.Listen(address, hosting.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
            if (hosting.HttpPort > 0) kestrel.Listen(address, hosting.HttpPort, o => o.Protocols = HttpProtocols.Http1);
        });
        builder.AddCachedReadiness(hosting);
        return builder;
    }

    /// <summary>
    /// Health checks, with readiness computed once per interval in the background. Rule: no probe
    /// (/health, /alive, grpc.health.v1) ever runs a dependency check itself; the database and the
    /// broker are checked by ASP.NET Core's health check publisher (first run at start, then every
    /// Hosting:HealthCheckInterval) and probes read its last report, so a flood of probes costs nothing.
    /// Readiness is every registered check (the "ready"-tagged database and broker, the trivial self).
    /// </summary>
    private static void AddCachedReadiness(this WebApplicationBuilder builder, HostingOptions hosting)
    {
        builder.Services.AddSingleton<ReadinessReportCache>();
        builder.Services.AddSingleton<IHealthCheckPublisher>(sp => sp.GetRequiredService<ReadinessReportCache>());
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<CachedReadinessCheck>(CachedReadinessCheck.Name);
        builder.Services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.Zero; // the first run right at start: hosts become ready promptly
            o.Period = hosting.HealthCheckInterval;
            o.Timeout = hosting.HealthCheckTimeout + hosting.HealthCheckTimeout;
            o.Predicate = r => r.Name != CachedReadinessCheck.Name;
        });
        // A hung dependency times out into Unhealthy and is published, rather than leaving the last report standing.
        builder.Services.PostConfigure<HealthCheckServiceOptions>(o =>
        {
            foreach (var r in o.Registrations.Where(r => r.Timeout == Timeout.InfiniteTimeSpan)) r.Timeout = hosting.HealthCheckTimeout;
        });
    }

    /// <summary>
    /// grpc.health.v1 answered from the publisher's last report (UseHealthChecksCache), NotServing
    /// until the first background run has completed.
    /// </summary>
    public static IServiceCollection AddCachedGrpcHealthChecks(this IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var health = new HealthServiceImpl();
            foreach (var mapping in sp.GetRequiredService<IOptions<GrpcHealthChecksOptions>>().Value.Services)
                health.SetStatus(mapping.Name, HealthCheckResponse.Types.ServingStatus.NotServing);
            return health;
        });
        services.AddGrpcHealthChecks(o => o.UseHealthChecksCache = true);
        return services;
    }

    /// <summary>Traces across ASP.NET Core, HttpClient (gRPC clients, YARP), MassTransit and the outbox relay.</summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation()
                    .AddSource("MassTransit", "Coordination.Outbox");
                // Exported only where a collector is configured; otherwise the traces still flow
                // through traceparent headers and MassTransit's message headers.
                if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) tracing.AddOtlpExporter();
            });
        return builder;
    }

    /// <summary>Encryption and keyed hashing of personal data, for the services that hold it.</summary>
    public static WebApplicationBuilder AddPersonalDataProtection(this WebApplicationBuilder builder)
    {
        var options = builder.Services.AddOptions<PersonalDataOptions>().Bind(builder.Configuration.GetSection(PersonalDataOptions.Section));
        if (builder.Environment.IsDevelopment())
        {
            // Any other environment must supply its own keys (PersonalData__EncryptionKey / __HashKey) or fail to start.
            options.PostConfigure(o =>
            {
                o.EncryptionKey ??= PersonalDataOptions.DevelopmentEncryptionKey;
                o.HashKey ??= PersonalDataOptions.DevelopmentHashKey;
            });
        }
        else
        {
            options.Validate(o => o.EncryptionKey != PersonalDataOptions.DevelopmentEncryptionKey,
                    "PersonalData:EncryptionKey is the published development key; it is refused outside Development.")
                .Validate(o => o.HashKey != PersonalDataOptions.DevelopmentHashKey,
                    "PersonalData:HashKey is the published development key; it is refused outside Development.");
        }
        options.ValidateOnStart().Validate(o => o.EncryptionKey is not null && o.HashKey is not null,
            "PersonalData:EncryptionKey and PersonalData:HashKey must be configured outside Development.");
        builder.Services.AddSingleton<PersonalDataProtector>();
        return builder;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseServiceSecurity();
        app.UseMiddleware<RestProblemDetailsMiddleware>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app.MapHealthEndpoints();
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        // /health: ready to serve (database and broker reachable, as of the last background run);
        // /alive: the process runs. Neither touches a dependency (see AddCachedReadiness).
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = r => r.Name == CachedReadinessCheck.Name });
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        return app;
    }
}
