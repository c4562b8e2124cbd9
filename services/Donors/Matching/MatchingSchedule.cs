using Coordination.BuildingBlocks.Domain;

namespace Coordination.Donors.Matching;

/// <summary>
/// Runs the matching on a timer (Matching:RunEvery, off unless set), so pledges made and needs
/// opened since the last run are matched without a coordinator asking. A batch on a timer rather
/// than a run per NeedOpened or pledge: a run per event would give a scarce pledge to whichever need
/// arrived first, not to the most severe of the needs that arrive together, and its result would
/// depend on delivery order. Each run is the same deterministic run as RunMatching; several replicas
/// may tick at once, and the pledges' versions let only one of them spend the units.
/// </summary>
public sealed class MatchingSchedule(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<MatchingSchedule> logger)
    : BackgroundService
{
    public const string IntervalKey = "Matching:RunEvery";

    public static TimeSpan? Interval(IConfiguration configuration) =>
        TimeSpan.TryParse(configuration[IntervalKey], System.Globalization.CultureInfo.InvariantCulture, out var every) && every > TimeSpan.Zero
            ? every
            : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval(configuration) is not { } every) return;
        using var timer = new PeriodicTimer(every, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<MatchingRun>().RunAsync(stoppingToken);
                if (result.Allocations.Count > 0 || result.Refusals.Count > 0)
                    logger.LogInformation("Scheduled matching made {Allocations} allocations ({Refusals} refused by the benefit rules)",
                        result.Allocations.Count, result.Refusals.Count);
            }
            catch (ConcurrencyConflictException)
            {
                // Another replica or a coordinator's run spent the units meanwhile; the next tick sees the result.
                logger.LogDebug("Scheduled matching met a concurrent run; trying again at the next tick");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Scheduled matching failed; trying again at the next tick");
            }
        }
    }
}
