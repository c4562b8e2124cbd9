using System.Text.RegularExpressions;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Coordination.Deploy.Tests;

/// <summary>deploy/containers: a Dockerfile per host and the compose file of the whole suite.</summary>
public sealed partial class ContainerTests
{
    public static TheoryData<string> HostNames => [.. Host.All.Select(h => h.Name)];

    [Theory]
    [MemberData(nameof(HostNames))]
    public void Each_host_has_a_multi_stage_non_root_Dockerfile_that_publishes_and_runs_it(string name)
    {
        var host = Host.Named(name);
        var lines = File.ReadAllLines(Path.Combine(Host.Root, "deploy/containers", name + ".Dockerfile"))
            .Where(l => !l.TrimStart().StartsWith('#')).ToList();
        var from = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", "FROM mcr.microsoft.com/dotnet/aspnet:10.0"], from);
        var publish = Assert.Single(lines, l => l.StartsWith("RUN dotnet publish ", StringComparison.Ordinal));
        Assert.Equal($"RUN dotnet publish {host.Project} -c Release -o /app", publish);
        Assert.True(File.Exists(Path.Combine(Host.Root, host.Project)), host.Project);

        var final = lines.SkipWhile(l => l != from[1]).ToList();
        Assert.Equal("USER $APP_UID", Assert.Single(final, l => l.StartsWith("USER ", StringComparison.Ordinal)));
        Assert.Equal($"ENTRYPOINT [\"dotnet\", \"{host.Assembly}\"]", final[^1]);
        Assert.Equal($"EXPOSE {host.GrpcPort} {host.HttpPort}", Assert.Single(final, l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)));
        var text = string.Join("\n", final);
        Assert.Contains($"Hosting__GrpcPort={host.GrpcPort}", text);
        Assert.Contains($"Hosting__HttpPort={host.HttpPort}", text);
        Assert.Contains("Hosting__BindAddress=0.0.0.0", text);
        Assert.Contains("ASPNETCORE_ENVIRONMENT=Production", text);
    }

    [Fact]
    public void The_compose_file_starts_every_host_with_PostgreSQL_and_RabbitMQ_setting_only_keys_the_hosts_read()
    {
        var services = (YamlMappingNode)Load("deploy/containers/docker-compose.yml")["services"];
        Assert.Equal(Host.All.Select(h => h.Name).Append("postgres").Append("rabbitmq").Order(),
            services.Children.Keys.Select(k => k.ToString()).Order());
        foreach (var host in Host.All)
        {
            var service = (YamlMappingNode)services[host.Name];
            var build = (YamlMappingNode)service["build"];
            Assert.Equal($"deploy/containers/{host.Name}.Dockerfile", build["dockerfile"].ToString());
            Assert.Equal("../..", build["context"].ToString());
            var environment = ((YamlMappingNode)service["environment"]).Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString());
            Assert.All(environment.Keys, key => Assert.True(ConfigurationKeys.IsKnown(host, key), $"{host.Name}: {key} is not a setting it reads"));
            Assert.Equal("PostgreSql", environment["Persistence__Provider"]);
            Assert.Contains($"Database={host.Name};", environment["Persistence__ConnectionString"]);
            Assert.Equal("rabbitmq", environment["Messaging__RabbitMq__Host"]);
            // Secrets are required from the environment, never defaulted in the file.
            Assert.All(environment.Where(e => e.Key.Contains("Key", StringComparison.Ordinal) || e.Key.EndsWith("Password", StringComparison.Ordinal)),
                e => Assert.Matches(RequiredVariable(), e.Value));
        }
        GatewayRoutes.AssertEveryServiceReached(((YamlMappingNode)services["gateway"]["environment"]).Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString()));
    }

    private static YamlMappingNode Load(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Host.Root, path));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    [GeneratedRegex(@"\$\{[A-Z_]+(:\?[^}]+)?\}")]
    private static partial Regex RequiredVariable();
}
