using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using GrantorKind = Coordination.Contracts.GrantorKind;

namespace Coordination.Households.Tests;

/// <summary>What the needs, exit and warning tests share: delivering the departments' events and reading the ledger.</summary>
public static class LedgerKit
{
    public static readonly Grantor EducationDept = new(GrantorKind.Department, "education", "县教育局");
    public static readonly Grantor MedicalDept = new(GrantorKind.Department, "medical", "县医保局");
    public static readonly Grantor IndustryDept = new(GrantorKind.Department, "industry", "县农业农村局");

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Publishes on the host's bus and waits until the inbox recorded the message as handled by every consumer of it.</summary>
    public static async Task DeliverAsync<T>(this HouseholdsFactory factory, T message, int consumers = 1, Guid? messageId = null) where T : class
    {
        var id = messageId ?? Guid.NewGuid();
        await factory.Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = id);
        await Eventually.TrueAsync(() => factory.WithDbAsync(async db => await db.InboxMessages.CountAsync(m => m.MessageId == id) >= consumers),
            TimeSpan.FromSeconds(20), $"{typeof(T).Name} {id} consumed");
    }

    public static AidGranted Grant(Guid householdId, Guid? personId, Grantor grantor, string code, long amountFen,
        DateOnly? start = null, DateOnly? end = null, string? expenseReference = null, long? expenseFen = null) =>
        new(Guid.NewGuid(), householdId, personId, grantor, "雨露计划", code, amountFen, 0,
            start ?? Today.AddDays(-10), end ?? Today.AddDays(120), DateTime.UtcNow, expenseReference, expenseFen);

    public static V1.AidLedger.AidLedgerClient Ledger(this HouseholdsFactory factory) => new(factory.Channel());

    public static async Task<List<Need>> OpenNeedsAsync(this HouseholdsFactory factory, Guid householdId) =>
        [.. (await factory.Ledger().ListOpenNeedsAsync(new ListOpenNeedsRequest { HouseholdId = householdId.ToString() })).Needs];

    /// <summary>Waits until the household's open needs are those of the given kinds (evaluation follows the registry's events).</summary>
    public static async Task<List<Need>> NeedsOfKindsAsync(this HouseholdsFactory factory, Guid householdId, params string[] kinds)
    {
        List<Need> needs = [];
        await Eventually.TrueAsync(async () =>
        {
            needs = await factory.OpenNeedsAsync(householdId);
            return needs.Select(n => n.Kind).Order().SequenceEqual(kinds.Order());
        }, TimeSpan.FromSeconds(20), $"open needs [{string.Join(", ", kinds)}]");
        return needs;
    }

    /// <summary>The household registered and its first needs evaluated (HouseholdRegistered consumed by the ledger).</summary>
    public static async Task<Household> RegisteredAsync(this HouseholdsFactory factory, RegisterHouseholdRequest request)
    {
        var h = await factory.Registry().RegisterHouseholdAsync(request);
        // Its HouseholdRegistered in the inbox: the ledger's consumer has evaluated its needs and committed.
        await factory.ConsumedAsync<HouseholdRegistered>(h.HouseholdId);
        return h;
    }

    /// <summary>Waits until every event of this type the registry published about the household is in the inbox (the ledger's consumer has committed).</summary>
    public static async Task ConsumedAsync<T>(this HouseholdsFactory factory, string householdId)
    {
        var published = await factory.WithDbAsync(db => db.OutboxMessages
            .Where(m => m.MessageType == typeof(T).FullName && m.Payload.Contains(householdId)).Select(m => m.Id).ToListAsync());
        await Eventually.TrueAsync(() => factory.WithDbAsync(async db => await db.InboxMessages.CountAsync(x => published.Contains(x.MessageId)) >= published.Count),
            TimeSpan.FromSeconds(20), $"the household's {typeof(T).Name} consumed");
    }

    public static async Task<List<(T Event, string Payload)>> EventsWhereAsync<T>(this HouseholdsFactory factory, Func<T, bool> predicate) =>
        [.. (await factory.EventsAsync<T>()).Where(e => predicate(e.Event))];

    /// <summary>A family that could exit (income above the line, safe housing) once the education and medical services report their guarantees met.</summary>
    public static RegisterHouseholdRequest ReadyFamily(string region = "520402101201", long incomeFen = 520_000)
    {
        var request = People.Family(region);
        request.IncomePerCapitaFen = incomeFen;
        request.Housing = HousingCondition.Safe;
        return request;
    }
}
