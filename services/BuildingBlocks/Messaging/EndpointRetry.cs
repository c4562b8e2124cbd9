using MassTransit;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// The retries of every consumer endpoint, outside the inbox filter so that each attempt checks the
/// inbox again. After the last one the message goes to the endpoint's _error queue.
/// </summary>
internal static class EndpointRetry
{
    public static void UseEndpointRetry(this IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
}
