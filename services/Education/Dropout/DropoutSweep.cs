using Coordination.Education.Data;
using Coordination.Education.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordination.Education.Dropout;

/// <summary>
/// Re-assesses every household on a timer, for the changes no event announces: a new term begins
/// (every school-age child must be enrolled again) or a child reaches school age. Household events and
/// enrolments are assessed at once by their own handlers; this only catches up with the calendar.
/// </summary>
public sealed class DropoutSweep(IServiceScopeFactory scopes, IOptions<EducationOptions> options, ILogger<DropoutSweep> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        do
        {
            try
            {
                var households = await SweepAsync(stoppingToken);
                logger.LogInformation("Dropout sweep assessed {Households} households", households);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next sweep tries again; events and enrolments keep being assessed meanwhile.
                logger.LogWarning(ex, "Dropout sweep failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EducationDbContext>();
            var monitor = scope.ServiceProvider.GetRequiredService<DropoutMonitor>();
            var batch = await db.Households.Include(h => h.Members).Where(h => h.MergedInto == null)
                .OrderBy(h => h.Id).Skip(count).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0) return count;
            foreach (var household in batch) await monitor.EvaluateAsync(household, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            count += batch.Count;
        }
    }
}
