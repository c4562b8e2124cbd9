using System.Diagnostics;
using System.Text;

namespace Coordination.TestSupport;

/// <summary>
/// One host of the suite run as a real process (`dotnet Coordination.X.dll`), as deploy/run.sh runs
/// it: real Kestrel ports, real RabbitMQ, its own database. Its output goes to a log file that a
/// failing test shows.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(string name, Process process, string logFile, int grpcPort, int httpPort)
    {
        Name = name;
        _process = process;
        LogFile = logFile;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
    }

    public string Name { get; }

    public string LogFile { get; }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");

    /// <summary>A gRPC channel to this host whose calls carry a token of <paramref name="caller"/> (the broad test caller by default).</summary>
    public Grpc.Net.Client.GrpcChannel Channel(TestCaller? caller = null) => TestTokens.Channel(GrpcAddress, TestTokens.For(caller ?? TestCaller.Broad));

    /// <summary>An HTTP client to this host's HTTP/1.1 port calling as <paramref name="caller"/> (the broad test caller by default).</summary>
    public HttpClient Http(TestCaller? caller = null) => TestTokens.Http(HttpAddress, TestTokens.For(caller ?? TestCaller.Broad));

    /// <param name="projectDirectory">Relative to the repository root, e.g. "services/Households".</param>
    /// <param name="grpcPort">Free ports unless given: a replica restarted after a crash takes its old ones again.</param>
    public static ServiceProcess Start(string name, string projectDirectory, string logDirectory, IDictionary<string, string?> settings,
        int? grpcPort = null, int? httpPort = null)
    {
        var project = Directory.GetFiles(Path.Combine(RepositoryRoot, projectDirectory), "*.csproj").Single();
        var assembly = Path.GetFileNameWithoutExtension(project) + ".dll";
        var output = Path.Combine(RepositoryRoot, projectDirectory, "bin", BuildConfiguration, "net10.0");
        if (!File.Exists(Path.Combine(output, assembly)))
            throw new FileNotFoundException($"{assembly} is not built in {output}; build the solution first.");

        grpcPort ??= TestEnvironment.FreePort();
        httpPort ??= TestEnvironment.FreePort();
        var start = new ProcessStartInfo("dotnet", assembly)
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Hosting__GrpcPort"] = grpcPort.ToString();
        start.Environment["Hosting__HttpPort"] = httpPort.ToString();
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;

        var logFile = Path.Combine(logDirectory, name + ".log");
        var log = new StreamWriter(logFile, append: true, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (log) log.WriteLine($"[process exited with {process.ExitCode}]"); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(name, process, logFile, grpcPort.Value, httpPort.Value);
    }

    /// <summary>Waits until /health answers 200 (database migrated, broker connected).</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{LogTail()}");
            try
            {
                if ((await http.GetAsync(new Uri(HttpAddress, "/health"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not healthy after {timeout.TotalSeconds} s:\n{LogTail()}");
    }

    public string LogTail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException) { return "(no log)"; }
    }

    /// <summary>SIGKILL, as a crash ends a process: no shutdown, no acknowledgement, no last relay.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The configuration the tests were built in; the services were built alongside.</summary>
    private static string BuildConfiguration =>
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coordination.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Coordination.sln not found above the test assembly.");
    }
}
