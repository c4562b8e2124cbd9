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
}
