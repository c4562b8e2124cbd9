using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Tests;

/// <summary>Reads the events a call queued in the households' outbox (the relay's JSON form).</summary>
public static class Outbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static T Read<T>(OutboxMessage row) => JsonSerializer.Deserialize<T>(row.Payload, Json)!;

    public static Task<List<(T Event, string Payload)>> EventsAsync<T>(this HouseholdsFactory factory) =>
        factory.WithDbAsync(async db => (await db.OutboxMessages.AsNoTracking()
                .Where(m => m.MessageType == typeof(T).FullName).OrderBy(m => m.CreatedAt).ToListAsync())
            .Select(m => (Read<T>(m), m.Payload)).ToList());
}
