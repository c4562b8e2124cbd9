using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Ledger.Data;

namespace Coordination.Ledger.Warnings;

/// <summary>The ledger's 返贫 warnings become monitoring flags in the registry, which owns them: the ledger asks by an event.</summary>
public static class FlagRequests
{
    /// <summary>
    /// Asks the registry (MonitoringFlagRequested, through the outbox) to raise the flag, unless the
    /// directory shows it raised already. True when asked. The registry raises it once whatever it is asked.
    /// </summary>
    public static bool RequestFlag(this LedgerDbContext db, KnownHousehold household, MonitoringCategory category, string reason, string by, DateTime now)
    {
        if (household.MonitoringFlags.Any(f => f.Category == category && f.Active)) return false;
        db.AddIntegrationEvent(new MonitoringFlagRequested(household.Id, category, reason, by, now));
        return true;
    }
}
