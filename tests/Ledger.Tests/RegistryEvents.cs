using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Ledger.Tests;

/// <summary>
/// Plays the registry for the ledger's tests: each call delivers the event the registry publishes
/// for it (HouseholdRegistered, HouseholdUpdated, ...) and waits until the ledger consumed it, and
/// answers with the household as the registry would. The ledger learns households only from these
/// events; the registry's own behaviour is tested in Households.Tests and end to end.
/// </summary>
public sealed class RegistryEvents(LedgerFactory factory)
{
    private readonly Dictionary<string, Household> _households = [];

    public async Task<Household> RegisterHouseholdAsync(RegisterHouseholdRequest request)
    {
        var (h, registered) = RegistryEvent.Registered(request);
        _households[h.HouseholdId] = h;
        await factory.DeliverAsync(registered);
        return h.Clone();
    }

    /// <summary>Facts changed (here: housing or income), a new version.</summary>
    public async Task<Household> UpdateHouseholdAsync(UpdateHouseholdRequest request)
    {
        var h = _households[request.HouseholdId];
        if (request.HasHousing) h.Housing = request.Housing;
        if (request.HasIncomePerCapitaFen) h.IncomePerCapitaFen = request.IncomePerCapitaFen;
        h.Version++;
        await factory.DeliverAsync(RegistryEvent.Updated(h));
        return h.Clone();
    }

    public async Task<Household> ChangeHouseholdStatusAsync(ChangeHouseholdStatusRequest request)
    {
        var h = _households[request.HouseholdId];
        var from = h.Status;
        (h.Status, h.ExitYear) = (request.To, request.To == HouseholdStatus.Exited ? request.ExitYear : h.ExitYear);
        h.Version++;
        await factory.DeliverAsync(new HouseholdStatusChanged(Guid.Parse(h.HouseholdId), h.Version, (Vocabulary.HouseholdStatus)from,
            (Vocabulary.HouseholdStatus)request.To, request.To == HouseholdStatus.Exited ? request.ExitYear : null, request.Reason, request.ChangedBy, DateTime.UtcNow));
        return h.Clone();
    }

    /// <summary>
    /// The registry merged <paramref name="merged"/> into <paramref name="survivor"/>: its members move,
    /// those in <paramref name="samePersons"/> were the survivor's people filed twice (merged person → survivor's).
    /// </summary>
    public async Task MergeHouseholdsAsync(Household survivor, Household merged, IReadOnlyDictionary<string, string> samePersons)
    {
        var (s, m) = (_households[survivor.HouseholdId], _households[merged.HouseholdId]);
        var moved = m.Members.Where(p => !samePersons.ContainsKey(p.PersonId)).ToList();
        s.Members.AddRange(moved.Select(p => p.Clone()));
        s.Version++;
        await factory.DeliverAsync(new HouseholdsMerged(Guid.Parse(s.HouseholdId), Guid.Parse(m.HouseholdId), [.. moved.Select(p => Guid.Parse(p.PersonId))],
            [.. samePersons.Select(p => new LinkedPerson(Guid.Parse(p.Key), Guid.Parse(p.Value)))], "同一户重复建档", "县扶贫办 李四", DateTime.UtcNow));
        await factory.DeliverAsync(RegistryEvent.Updated(s));
    }

    public Task RaiseMonitoringFlagAsync(string householdId, Vocabulary.MonitoringCategory category, string reason, string by = "县扶贫办") =>
        factory.DeliverAsync(new MonitoringFlagRaised(Guid.Parse(householdId), category, reason, by, DateTime.UtcNow));

    public Task ClearMonitoringFlagAsync(string householdId, Vocabulary.MonitoringCategory category, string reason, string by = "县扶贫办") =>
        factory.DeliverAsync(new MonitoringFlagCleared(Guid.Parse(householdId), category, reason, by, DateTime.UtcNow));
}
