using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Coordination.BuildingBlocks.Hosting;

/// <summary>
/// The last readiness report, published by ASP.NET Core's HealthCheckPublisherHostedService (one run of
/// the registered checks per interval). Null until the first run has completed.
/// </summary>
public sealed class ReadinessReportCache : IHealthCheckPublisher
{
    private volatile HealthReport? _report;

    public HealthReport? Report => _report;

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _report = report;
        return Task.CompletedTask;
    }
}

/// <summary>
/// What /health runs: only a read of <see cref="ReadinessReportCache"/>, never a dependency. Unhealthy
/// until the first background run has completed.
/// </summary>
internal sealed class CachedReadinessCheck(ReadinessReportCache cache) : IHealthCheck
{
    public const string Name = "readiness";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (cache.Report is not { } report) return Task.FromResult(HealthCheckResult.Unhealthy("Readiness has not been checked yet."));
        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"{e.Key}: {e.Value.Status}{(e.Value.Description is { } d ? $" ({d})" : "")}");
        var description = string.Join("; ", failing);
        return Task.FromResult(new HealthCheckResult(report.Status, description.Length == 0 ? null : description));
    }
}
