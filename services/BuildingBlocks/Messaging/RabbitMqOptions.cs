namespace Coordination.BuildingBlocks.Messaging;

public sealed class RabbitMqOptions
{
    /// <summary>RabbitMQ's default account, accepted from loopback only: the default in Development, refused elsewhere.</summary>
    public const string GuestAccount = "guest";

    public string Host { get; set; } = "127.0.0.1";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = GuestAccount;
    public string Password { get; set; } = "guest";

    /// <summary>The nodes of a cluster ("host" or "host:port"); empty for the one node at <see cref="Host"/>.</summary>
    public string[] ClusterNodes { get; set; } = [];

    public RabbitMqQueueType QueueType { get; set; } = RabbitMqQueueType.Classic;
}
