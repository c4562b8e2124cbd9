using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.Ledger.V1;
using Coordination.TestSupport;
using GrantorKind = Coordination.Contracts.GrantorKind;

namespace Coordination.Ledger.Tests;

/// <summary>What the needs, exit and warning tests share: delivering the departments' events and reading the ledger.</summary>
public static class LedgerKit
{
    public static readonly Grantor EducationDept = new(GrantorKind.Department, "education", "县教育局");
    public static readonly Grantor MedicalDept = new(GrantorKind.Department, "medical", "县医保局");
    public static readonly Grantor IndustryDept = new(GrantorKind.Department, "industry", "县农业农村局");

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static AidGranted Grant(Guid householdId, Guid? personId, Grantor grantor, string code, long amountFen,
        DateOnly? start = null, DateOnly? end = null, string? expenseReference = null, long? expenseFen = null) =>
        new(Guid.NewGuid(), householdId, personId, grantor, "雨露计划", code, amountFen, 0,
            start ?? Today.AddDays(-10), end ?? Today.AddDays(120), DateTime.UtcNow, expenseReference, expenseFen);

    public static Coordination.Ledger.V1.AidLedger.AidLedgerClient Ledger(this LedgerFactory factory) => new(factory.Channel());

    public static async Task<List<Need>> OpenNeedsAsync(this LedgerFactory factory, Guid householdId) =>
        [.. (await factory.Ledger().ListOpenNeedsAsync(new ListOpenNeedsRequest { HouseholdId = householdId.ToString() })).Needs];

    /// <summary>Waits until the household's open needs are those of the given kinds (evaluation follows the registry's events).</summary>
    public static async Task<List<Need>> NeedsOfKindsAsync(this LedgerFactory factory, Guid householdId, params string[] kinds)
    {
        List<Need> needs = [];
        await Eventually.TrueAsync(async () =>
        {
            needs = await factory.OpenNeedsAsync(householdId);
            return needs.Select(n => n.Kind).Order().SequenceEqual(kinds.Order());
        }, TimeSpan.FromSeconds(20), $"open needs [{string.Join(", ", kinds)}]");
        return needs;
    }

    /// <summary>The household registered: the ledger has consumed its HouseholdRegistered and evaluated its first needs.</summary>
    public static Task<Household> RegisteredAsync(this LedgerFactory factory, RegisterHouseholdRequest request) => factory.Registry().RegisterHouseholdAsync(request);

    public static Task<List<(T Event, string Payload)>> EventsWhereAsync<T>(this LedgerFactory factory, Func<T, bool> predicate) =>
        Outbox.EventsWhereAsync(factory.Services, predicate);

    /// <summary>A family that could exit (income above the line, safe housing) once the education and medical services report their guarantees met.</summary>
    public static RegisterHouseholdRequest ReadyFamily(string region = "520402101201", long incomeFen = 520_000)
    {
        var request = People.Family(region);
        request.IncomePerCapitaFen = incomeFen;
        request.Housing = Coordination.Households.V1.HousingCondition.Safe;
        return request;
    }
}
