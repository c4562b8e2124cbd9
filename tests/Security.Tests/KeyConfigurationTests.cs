using Coordination.BuildingBlocks.Security;
using Coordination.TestSupport;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// The published development key signs and validates only in Development: outside it, a host with
/// no key configured, or with the development key, does not start.
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

    private static async Task<string> StartAndFailAsync(string name, string project, Dictionary<string, string?> settings)
    {
        var root = TestEnvironment.CreateTempDirectory();
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
