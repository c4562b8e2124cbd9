using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.TestSupport;

/// <summary>Reads the events a host queued in its outbox (the relay's JSON form).</summary>
public static class Outbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static T Read<T>(OutboxMessage row) => JsonSerializer.Deserialize<T>(row.Payload, Json)!;

    public static async Task<List<(T Event, string Payload)>> EventsAsync<T>(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        return [.. (await db.OutboxMessages.AsNoTracking().Where(m => m.MessageType == typeof(T).FullName).OrderBy(m => m.CreatedAt).ToListAsync())
            .Select(m => (Read<T>(m), m.Payload))];
    }

    public static async Task<List<(T Event, string Payload)>> EventsWhereAsync<T>(IServiceProvider services, Func<T, bool> predicate) =>
        [.. (await EventsAsync<T>(services)).Where(e => predicate(e.Event))];
}
