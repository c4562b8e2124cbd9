namespace Coordination.BuildingBlocks.Messaging;

public enum MessageTransport { RabbitMq, InMemory }
