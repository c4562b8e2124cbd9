using Microsoft.Extensions.Configuration;

namespace Coordination.Deploy.Tests;

/// <summary>The suite's hosts as the repository defines them: project, assembly and ports.</summary>
public sealed record Host(string Name, string Project, int GrpcPort, int HttpPort)
{
    public static readonly string Root = FindRoot();

    public static IReadOnlyList<Host> All { get; } =
        new[] { "gateway", "households", "ledger", "industry", "education", "medical", "donors" }.Select(Of).ToList();

    public static Host Named(string name) => All.Single(h => h.Name == name);

    public string Folder => Path.GetDirectoryName(Project)!;

    public string Assembly => Path.GetFileNameWithoutExtension(Project) + ".dll";

    /// <summary>The host's own settings files, flattened ("Hosting:GrpcPort", ...).</summary>
    public IConfiguration Settings() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Root, Folder, "appsettings.json"))
        .AddJsonFile(Path.Combine(Root, Folder, "appsettings.Development.json"), optional: true)
        .Build();

    private static Host Of(string name)
    {
        var folder = name == "gateway" ? "gateway" : "services/" + char.ToUpperInvariant(name[0]) + name[1..];
        var project = Path.Combine(folder, $"Coordination.{char.ToUpperInvariant(name[0]) + name[1..]}.csproj");
        var settings = new ConfigurationBuilder().AddJsonFile(Path.Combine(Root, folder, "appsettings.json")).Build();
        return new Host(name, project, settings.GetValue<int>("Hosting:GrpcPort"), settings.GetValue<int>("Hosting:HttpPort"));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coordination.sln"))) return dir.FullName;
        throw new InvalidOperationException("Coordination.sln not found above the test assembly.");
    }
}
