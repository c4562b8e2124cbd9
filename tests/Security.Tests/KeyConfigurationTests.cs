using Coordination.BuildingBlocks.PersonalData;
using Coordination.BuildingBlocks.Security;
using Coordination.TestSupport;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// Development secrets work only in Development: outside it, a host with no key configured, with a
/// published development key, RabbitMQ's guest account or a development client in its store does not
/// start, and says which setting stops it.
/// </summary>
public class KeyConfigurationTests
{
    [Fact]
    public async Task Outside_Development_the_gateway_refuses_the_development_signing_key()
    {
        var log = await StartAndFailAsync("gateway", "gateway", new Dictionary<string, string?>
        {
            ["Security:SigningKey"] = DevelopmentSigningKey.PrivateKeyPem,
            ["Security:SigningPublicKey"] = DevelopmentSigningKey.PrivateKeyPem,
        });
        Assert.Contains("is the published development key; it is refused outside Development", log);
    }

    [Fact]
    public async Task Outside_Development_a_service_without_a_configured_key_does_not_start()
    {
        var log = await StartAndFailAsync("households", "services/Households", new Dictionary<string, string?>
        {
            // Its other secrets are given, so the signing key is what stops it.
            ["PersonalData:EncryptionKey"] = Convert.ToBase64String(new byte[32]),
            ["PersonalData:HashKey"] = Convert.ToBase64String(new byte[32]),
        });
        Assert.Contains("Security:SigningPublicKey must be configured outside Development", log);
    }

    /// <summary>A signing key of this test run's own, so that the key is not what stops a host.</summary>
    private static readonly string OwnPublicKey = System.Security.Cryptography.RSA.Create(2048).ExportSubjectPublicKeyInfoPem();

    [Fact]
    public async Task Outside_Development_a_service_refuses_the_development_personal_data_keys()
    {
        var log = await StartAndFailAsync("households", "services/Households", new Dictionary<string, string?>
        {
            ["Security:SigningPublicKey"] = OwnPublicKey,
            ["Messaging:RabbitMq:Username"] = "coordination",
            ["PersonalData:EncryptionKey"] = PersonalDataOptions.DevelopmentEncryptionKey,
            ["PersonalData:HashKey"] = PersonalDataOptions.DevelopmentHashKey,
        });
        Assert.Contains("PersonalData:EncryptionKey is the published development key; it is refused outside Development", log);
        Assert.Contains("PersonalData:HashKey is the published development key; it is refused outside Development", log);
    }

    [Fact]
    public async Task Outside_Development_a_service_refuses_RabbitMQ_s_guest_account()
    {
        var log = await StartAndFailAsync("industry", "services/Industry", new Dictionary<string, string?>
        {
            ["Security:SigningPublicKey"] = OwnPublicKey,
        });
        Assert.Contains("Messaging:RabbitMq:Username is RabbitMQ's guest account; it is refused outside Development", log);
    }

    [Fact]
    public async Task Outside_Development_the_gateway_refuses_a_store_holding_a_development_client()
    {
        var root = TestEnvironment.CreateTempDirectory();
        var data = new Dictionary<string, string?> { ["Persistence:DataDirectory"] = Path.Combine(root, "db") };
        // A store that a Development run filled with the development clients...
        await using (var development = ServiceProcess.Start("gateway-development", "gateway", root, new Dictionary<string, string?>(data)))
            await development.WaitHealthyAsync(TimeSpan.FromSeconds(120));

        // ...then the same store outside Development, with keys of its own.
        var own = System.Security.Cryptography.RSA.Create(2048);
        var log = await StartAndFailAsync("gateway", "gateway", new Dictionary<string, string?>(data)
        {
            ["Security:SigningKey"] = own.ExportPkcs8PrivateKeyPem(),
            ["Security:SigningPublicKey"] = own.ExportSubjectPublicKeyInfoPem(),
        }, root);
        Assert.Contains("The token store holds the development client dev-", log);
        Assert.Contains("The account store holds the development person dev-", log);
    }

    [Fact]
    public async Task A_service_s_SQLite_file_and_its_folder_are_readable_by_their_owner_only()
    {
        if (OperatingSystem.IsWindows()) return; // no Unix file modes there
        var root = TestEnvironment.CreateTempDirectory();
        var folder = Path.Combine(root, "db");
        await using (var process = ServiceProcess.Start("ledger", "services/Ledger", root, new Dictionary<string, string?>
        {
            ["Persistence:DataDirectory"] = folder, ["Messaging:Transport"] = "InMemory",
        }))
            await process.WaitHealthyAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "ledger.db")));
    }

    private static async Task<string> StartAndFailAsync(string name, string project, Dictionary<string, string?> settings, string? root = null)
    {
        root ??= TestEnvironment.CreateTempDirectory();
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        settings["Persistence:DataDirectory"] = Path.Combine(root, "db");
        await using var process = ServiceProcess.Start(name, project, root, settings);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => process.WaitHealthyAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("exited", error.Message);
        // The output is read asynchronously: give the last lines a moment to reach the log.
        var log = "";
        for (var i = 0; i < 50 && !log.Contains("Unhandled exception"); i++)
        {
            await Task.Delay(100);
            await using var stream = new FileStream(process.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            log = await new StreamReader(stream).ReadToEndAsync();
        }
        return log;
    }
}
