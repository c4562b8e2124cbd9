using Xunit;
using YamlDotNet.RepresentationModel;

namespace Coordination.Deploy.Tests;

/// <summary>deploy/kubernetes: every host a Deployment and a Service with probes, config, secrets, the ledger's autoscaler and the broker cluster.</summary>
public sealed class KubernetesTests
{
    private static readonly List<YamlMappingNode> Documents = LoadAll();

    public static TheoryData<string> HostNames => [.. Host.All.Select(h => h.Name)];

    [Theory]
    [MemberData(nameof(HostNames))]
    public void Each_host_is_a_Deployment_with_its_ports_probes_and_only_settings_it_reads(string name)
    {
        var host = Host.Named(name);
        var deployment = Single("Deployment", name);
        var spec = deployment["spec"];
        Assert.True(int.Parse(spec["replicas"].ToString()) >= 2, "at least two replicas: one may be replaced while the other serves");
        var pod = (YamlMappingNode)spec["template"]["spec"];
        Assert.Equal("true", pod["securityContext"]["runAsNonRoot"].ToString());
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Single();
        Assert.Equal($"coordination/{name}:latest", container["image"].ToString());
        var ports = ((YamlSequenceNode)container["ports"]).Cast<YamlMappingNode>().ToDictionary(p => p["name"].ToString(), p => int.Parse(p["containerPort"].ToString()));
        Assert.Equal(new Dictionary<string, int> { ["grpc"] = host.GrpcPort, ["http"] = host.HttpPort }, ports);
        Assert.Equal(("/health", "http"), (container["readinessProbe"]["httpGet"]["path"].ToString(), container["readinessProbe"]["httpGet"]["port"].ToString()));
        Assert.Equal(("/alive", "http"), (container["livenessProbe"]["httpGet"]["path"].ToString(), container["livenessProbe"]["httpGet"]["port"].ToString()));

        var env = ((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>().ToList();
        var names = env.Select(e => e["name"].ToString()).ToList();
        // A variable only referenced by another one, as $(NAME), is Kubernetes' composition, not a setting.
        var composed = env.Where(e => e.Children.ContainsKey("value")).Select(e => e["value"].ToString()).ToList();
        var configMap = Single("ConfigMap", "coordination-config");
        var fromConfigMap = ((YamlMappingNode)configMap["data"]).Children.Keys.Select(k => k.ToString());
        Assert.All(names.Concat(fromConfigMap).Where(n => !composed.Any(v => v.Contains($"$({n})", StringComparison.Ordinal))),
            key => Assert.True(ConfigurationKeys.IsKnown(host, key), $"{name}: {key} is not a setting it reads"));
        Assert.Equal("coordination-config", ((YamlSequenceNode)container["envFrom"]).Cast<YamlMappingNode>().Single()["configMapRef"]["name"].ToString());

        // Every secret it names exists in the Secret.
        var secretKeys = ((YamlMappingNode)Single("Secret", "coordination-secrets")["stringData"]).Children.Keys.Select(k => k.ToString()).ToHashSet();
        foreach (var reference in env.Where(e => e.Children.ContainsKey("valueFrom")).Select(e => e["valueFrom"]["secretKeyRef"]))
        {
            Assert.Equal("coordination-secrets", reference["name"].ToString());
            Assert.Contains(reference["key"].ToString(), secretKeys);
        }
        if (name == "gateway")
            GatewayRoutes.AssertEveryServiceReached(env.Where(e => e.Children.ContainsKey("value")).ToDictionary(e => e["name"].ToString(), e => e["value"].ToString()));
    }

    [Theory]
    [MemberData(nameof(HostNames))]
    public void Each_host_has_a_Service_on_its_ports(string name)
    {
        var host = Host.Named(name);
        var service = Single("Service", name);
        Assert.Equal(name, service["spec"]["selector"]["app"].ToString());
        var ports = ((YamlSequenceNode)service["spec"]["ports"]).Cast<YamlMappingNode>().ToDictionary(p => p["name"].ToString(), p => int.Parse(p["port"].ToString()));
        Assert.Equal(new Dictionary<string, int> { ["grpc"] = host.GrpcPort, ["http"] = host.HttpPort }, ports);
        // Only the gateway is reachable from outside the cluster.
        Assert.Equal(name == "gateway" ? "LoadBalancer" : "ClusterIP", service["spec"]["type"].ToString());
    }

    [Fact]
    public void The_ledger_scales_on_processor_load_and_the_broker_is_a_three_node_cluster_of_quorum_queues()
    {
        var autoscaler = Single("HorizontalPodAutoscaler", "ledger");
        Assert.Equal(("Deployment", "ledger"), (autoscaler["spec"]["scaleTargetRef"]["kind"].ToString(), autoscaler["spec"]["scaleTargetRef"]["name"].ToString()));
        Assert.True(int.Parse(autoscaler["spec"]["minReplicas"].ToString()) >= 2);
        var broker = Single("RabbitmqCluster", "coordination-rabbitmq");
        Assert.Equal("3", broker["spec"]["replicas"].ToString());
        Assert.Contains("default_queue_type = quorum", broker["spec"]["rabbitmq"]["additionalConfig"].ToString());
        var config = Single("ConfigMap", "coordination-config")["data"];
        Assert.Equal(("coordination-rabbitmq", "Quorum"), (config["Messaging__RabbitMq__Host"].ToString(), config["Messaging__RabbitMq__QueueType"].ToString()));
        Assert.All(Documents.Where(d => d["kind"].ToString() != "Namespace"), d => Assert.Equal("coordination", d["metadata"]["namespace"].ToString()));
    }

    private static YamlMappingNode Single(string kind, string name) =>
        Assert.Single(Documents, d => d["kind"].ToString() == kind && d["metadata"]["name"].ToString() == name);

    private static List<YamlMappingNode> LoadAll()
    {
        var documents = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(Path.Combine(Host.Root, "deploy/kubernetes"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var yaml = new YamlStream();
            using var reader = new StreamReader(file);
            yaml.Load(reader);
            documents.AddRange(yaml.Documents.Select(d => (YamlMappingNode)d.RootNode));
        }
        return documents;
    }
}
