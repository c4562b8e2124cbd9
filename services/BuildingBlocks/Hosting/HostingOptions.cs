namespace Coordination.BuildingBlocks.Hosting;

public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>Loopback by default: only the gateway is meant to be reached from outside.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Plain-text HTTP/2 (h2c) for gRPC. It cannot share a port with HTTP/1.1 without TLS.</summary>
    public int GrpcPort { get; set; }

    /// <summary>HTTP/1.1 for health and REST (gRPC JSON transcoding).</summary>
    public int HttpPort { get; set; }

    /// <summary>
    /// How often the one background readiness check runs (every registered check: database, broker).
    /// Probes answer from its last result. At least one second (HealthCheckPublisherOptions.Period).
    /// </summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A check that has not answered by then counts as unhealthy, so a hung dependency cannot leave readiness stale.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
