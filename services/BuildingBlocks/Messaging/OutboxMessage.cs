using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.Contracts.Events;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>An integration event waiting to leave, saved in the same transaction as the change that raised it.</summary>
public sealed class OutboxMessage
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Also the MassTransit message id, so consumers' inboxes recognise a republished row.</summary>
    public Guid Id { get; private set; }

    /// <summary>The full name of the event's type in the contracts assembly.</summary>
    public string MessageType { get; private set; } = "";

    public string Payload { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    /// <summary>The W3C trace context of the request that raised it, so its trace continues past the relay.</summary>
    public string? TraceParent { get; private set; }

    public DateTime? SentAt { get; private set; }

    /// <summary>Not before this time: the relay's backoff after a failed publish.</summary>
    public DateTime NextAttemptAt { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>The relay batch that holds the row, and until when; another relay may take it after that.</summary>
    public Guid? ClaimToken { get; private set; }

    public DateTime? LockedUntil { get; private set; }

    internal void Claim(Guid token, DateTime until) => (ClaimToken, LockedUntil) = (token, until);

    public static OutboxMessage Create<TEvent>(TEvent integrationEvent, DateTime now) where TEvent : class
    {
        var type = integrationEvent.GetType();
        if (type.Assembly != typeof(AidGranted).Assembly)
            throw new ArgumentException($"{type.Name} is not an integration event of the contracts assembly.", nameof(integrationEvent));
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            MessageType = type.FullName!,
            Payload = JsonSerializer.Serialize(integrationEvent, type, Json),
            CreatedAt = now,
            NextAttemptAt = now,
            TraceParent = Activity.Current?.Id,
        };
    }

    internal (object Message, Type Type) Deserialize()
    {
        var type = typeof(AidGranted).Assembly.GetType(MessageType)
            ?? throw new InvalidOperationException($"Unknown integration event type '{MessageType}'.");
        return (JsonSerializer.Deserialize(Payload, type, Json)!, type);
    }
}
