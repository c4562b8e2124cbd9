using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Coordination.BuildingBlocks.Persistence;

internal sealed class DatabaseHealthCheck(ServiceDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
}
