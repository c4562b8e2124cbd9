using System.Net;
using Coordination.BuildingBlocks.Hosting;
using Coordination.TestSupport;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Xunit;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Coordination.BuildingBlocks.Tests;

/// <summary>
/// Readiness is computed by one background run of the checks per interval; /health and
/// grpc.health.v1.Health/Check answer from its last report and never run a dependency check.
/// </summary>
public sealed class CachedReadinessTests
{
    [Fact]
    public async Task A_thousand_probes_of_each_kind_do_not_run_the_dependency_check()
    {
        var dependency = new CountingCheck();
        // An interval far longer than the test: the only run is the one at start, whatever the probes do.
        await using var host = await ProbedHost.StartAsync(dependency, interval: TimeSpan.FromHours(1));
        await host.WaitAsync(HttpStatusCode.OK, ServingStatus.Serving);
        var runsBefore = dependency.Calls;

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health")).StatusCode);
            Assert.Equal(ServingStatus.Serving, (await host.Grpc.CheckAsync(new HealthCheckRequest())).Status);
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/alive")).StatusCode);
        }

        Assert.Equal(1, runsBefore);
        Assert.Equal(1, dependency.Calls);
    }

    [Fact]
    public async Task Readiness_is_not_serving_until_the_first_run_completes()
    {
        var dependency = new CountingCheck();
        dependency.Hold();
        await using var host = await ProbedHost.StartAsync(dependency, interval: TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => Task.FromResult(dependency.Calls >= 1), TimeSpan.FromSeconds(10), "the first run to start");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.Http.GetAsync("/health")).StatusCode);
        Assert.Equal(ServingStatus.NotServing, (await host.Grpc.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/alive")).StatusCode);

        dependency.Release();
        await host.WaitAsync(HttpStatusCode.OK, ServingStatus.Serving);
    }

    [Fact]
    public async Task A_failing_dependency_turns_readiness_unhealthy_and_back_while_liveness_stays_healthy()
    {
        var dependency = new CountingCheck();
        await using var host = await ProbedHost.StartAsync(dependency, interval: TimeSpan.FromSeconds(1));
        await host.WaitAsync(HttpStatusCode.OK, ServingStatus.Serving);

        dependency.Healthy = false;
        await host.WaitAsync(HttpStatusCode.ServiceUnavailable, ServingStatus.NotServing);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/alive")).StatusCode);

        dependency.Healthy = true;
        await host.WaitAsync(HttpStatusCode.OK, ServingStatus.Serving);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/alive")).StatusCode);
    }

    /// <summary>A dependency's check, tagged "ready" as the database's is: counts its runs, can fail or hang.</summary>
    private sealed class CountingCheck : IHealthCheck
    {
        private int _calls;
        private volatile TaskCompletionSource? _held;

        public int Calls => Volatile.Read(ref _calls);
        public volatile bool Healthy = true;

        public void Hold() => _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Release() => _held?.TrySetResult();

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            if (_held is { } held) await held.Task.WaitAsync(cancellationToken);
            return Healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The dependency cannot be reached.");
        }
    }

    /// <summary>An in-memory host with the service defaults' health wiring: checks, publisher, /health, /alive, grpc.health.v1.</summary>
    private sealed class ProbedHost(WebApplication app) : IAsyncDisposable
    {
        public HttpClient Http { get; } = app.GetTestClient();

        public Health.HealthClient Grpc { get; } = new(GrpcChannel.ForAddress(app.GetTestServer().BaseAddress,
            new GrpcChannelOptions { HttpHandler = app.GetTestServer().CreateHandler() }));

        public static async Task<ProbedHost> StartAsync(CountingCheck dependency, TimeSpan interval)
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Configuration["Hosting:HealthCheckInterval"] = interval.ToString();
            builder.AddHostPorts();
            builder.Services.AddGrpc();
            builder.Services.AddCachedGrpcHealthChecks();
            builder.Services.AddHealthChecks().AddCheck("dependency", dependency, tags: ["ready"]);
            var app = builder.Build();
            app.MapGrpcHealthChecksService();
            app.MapHealthEndpoints();
            await app.StartAsync();
            return new ProbedHost(app);
        }

        public Task WaitAsync(HttpStatusCode http, ServingStatus grpc) =>
            Eventually.TrueAsync(async () =>
                    (await Http.GetAsync("/health")).StatusCode == http
                    && (await Grpc.CheckAsync(new HealthCheckRequest())).Status == grpc,
                TimeSpan.FromSeconds(15), $"/health {http} and grpc.health.v1 {grpc}");

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
