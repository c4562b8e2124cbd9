using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Coordination.TestSupport;

/// <summary>
/// A RabbitMQ cluster of its own for a test that kills nodes: the nodes run on loopback on free
/// ports, started, killed and restarted by deploy/rabbitmq-cluster.sh (deploy/lib.sh's functions).
/// </summary>
public sealed class RabbitMqCluster : IAsyncDisposable
{
    private readonly string _directory;

    private RabbitMqCluster(string directory, IReadOnlyList<(string Node, int Port)> nodes)
    {
        _directory = directory;
        Nodes = nodes;
    }

    public IReadOnlyList<(string Node, int Port)> Nodes { get; }

    /// <summary>Starts <paramref name="size"/> nodes and joins them to the first.</summary>
    public static async Task<RabbitMqCluster> StartAsync(int size)
    {
        var directory = TestEnvironment.CreateTempDirectory();
        var prefix = $"fault{Guid.NewGuid():N}"[..13];
        var nodes = Enumerable.Range(1, size).Select(i => ($"{prefix}-{i}@localhost", FreeAmqpPort())).ToList();
        var cluster = new RabbitMqCluster(directory, nodes);
        try
        {
            await RunAsync(["start", directory, .. nodes.SelectMany(n => new[] { n.Item1, n.Item2.ToString() })]);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The messaging settings of a service on this cluster: every node, quorum queues.</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMq:Host"] = "127.0.0.1",
            ["Messaging:RabbitMq:Port"] = Nodes[0].Port.ToString(),
            ["Messaging:RabbitMq:VirtualHost"] = "/",
            ["Messaging:RabbitMq:Username"] = "guest",
            ["Messaging:RabbitMq:Password"] = "guest",
            ["Messaging:RabbitMq:QueueType"] = "Quorum",
        };
        for (var i = 0; i < Nodes.Count; i++) settings[$"Messaging:RabbitMq:ClusterNodes:{i}"] = $"127.0.0.1:{Nodes[i].Port}";
        return settings;
    }

    /// <summary>SIGKILL: the node ends as in a crash, without telling its peers.</summary>
    public Task KillAsync(int index) => RunAsync(["kill", _directory, Nodes[index].Node]);

    /// <summary>Starts a node again from its directory; it rejoins the cluster.</summary>
    public Task RestartAsync(int index) => RunAsync(["restart", _directory, Nodes[index].Node, Nodes[index].Port.ToString()]);

    /// <summary>Every queue of the cluster with the messages it holds (ready and unacknowledged).</summary>
    public async Task<List<(string Queue, long Messages)>> QueuesAsync()
    {
        var output = await RunAsync(["queues", _directory, Nodes[0].Node]);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length == 2 && long.TryParse(f[1], out _))
            .Select(f => (f[0], long.Parse(f[1])))];
    }

    public async ValueTask DisposeAsync()
    {
        try { await RunAsync(["stop", _directory, .. Nodes.Select(n => n.Node)]); }
        catch (InvalidOperationException) { } // a node that never started; the others are stopped
    }

    /// <summary>A free AMQP port whose distribution port (+20000, RabbitMQ's convention) is free too.</summary>
    public static int FreeAmqpPort()
    {
        while (true)
        {
            var port = TestEnvironment.FreePort();
            if (port + 20000 > 65535) continue;
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port + 20000);
                probe.Start();
                return port;
            }
            catch (SocketException) { }
        }
    }

    private static async Task<string> RunAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(ServiceProcess.RepositoryRoot, "deploy", "rabbitmq-cluster.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmq-cluster.sh {string.Join(' ', arguments)} failed:\n{await output}\n{await error}");
        return await output;
    }
}
