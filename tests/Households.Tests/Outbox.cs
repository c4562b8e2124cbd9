namespace Coordination.Households.Tests;

/// <summary>The events a call queued in the households' outbox.</summary>
public static class HouseholdsOutbox
{
    public static Task<List<(T Event, string Payload)>> EventsAsync<T>(this HouseholdsFactory factory) => TestSupport.Outbox.EventsAsync<T>(factory.Services);

    public static Task<List<(T Event, string Payload)>> EventsWhereAsync<T>(this HouseholdsFactory factory, Func<T, bool> predicate) =>
        TestSupport.Outbox.EventsWhereAsync(factory.Services, predicate);
}
