using Coordination.Households.V1;
using Grpc.Core;

namespace Coordination.Households.Tests;

/// <summary>A client of the import stream as a real one must be: it reads the progress while it writes.</summary>
public static class Imports
{
    public static async Task<List<ImportHouseholdsResponse>> RunAsync(HouseholdRegistry.HouseholdRegistryClient registry, IEnumerable<RegisterHouseholdRequest> rows)
    {
        using var call = registry.ImportHouseholds();
        var reading = Task.Run(async () =>
        {
            var progress = new List<ImportHouseholdsResponse>();
            await foreach (var message in call.ResponseStream.ReadAllAsync()) progress.Add(message);
            return progress;
        });
        foreach (var row in rows) await call.RequestStream.WriteAsync(row);
        await call.RequestStream.CompleteAsync();
        return await reading;
    }
}
