using Microsoft.Extensions.Configuration;
using Xunit;

namespace Coordination.Deploy.Tests;

public static class GatewayRoutes
{
    /// <summary>The gateway's every cluster (gateway/appsettings.json) points at its service by name and port.</summary>
    public static void AssertEveryServiceReached(IReadOnlyDictionary<string, string> gatewayEnvironment)
    {
        var clusters = Host.Named("gateway").Settings().AsEnumerable()
            .Where(kv => kv.Key.StartsWith("ReverseProxy:Clusters:", StringComparison.Ordinal) && kv.Key.EndsWith(":Destinations:primary:Address", StringComparison.Ordinal))
            .Select(kv => kv.Key.Split(':')[2]).ToList();
        Assert.Equal(12, clusters.Count);
        foreach (var cluster in clusters)
        {
            var service = Host.Named(cluster[..cluster.LastIndexOf('-')]);
            var port = cluster.EndsWith("-grpc", StringComparison.Ordinal) ? service.GrpcPort : service.HttpPort;
            Assert.Equal($"http://{service.Name}:{port}", gatewayEnvironment[$"ReverseProxy__Clusters__{cluster}__Destinations__primary__Address"]);
        }
    }
}
