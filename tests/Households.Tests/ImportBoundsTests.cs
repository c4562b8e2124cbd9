using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Households.Tests;

/// <summary>An import stream is bounded in rows and in time; what it stored before the bound stays, as reported.</summary>
public class ImportBoundsTests
{
    [Fact]
    public async Task A_stream_longer_than_the_limit_keeps_the_rows_before_it_and_ends_ResourceExhausted()
    {
        await using var factory = await HouseholdsFactory.CreateAsync(settings: new Dictionary<string, string?> { ["Import:MaxRows"] = "3" });
        using var call = factory.Registry().ImportHouseholds();
        var progress = new List<ImportHouseholdsResponse>();
        var reading = Task.Run(async () =>
        {
            await foreach (var message in call.ResponseStream.ReadAllAsync()) progress.Add(message);
        });
        try
        {
            for (var i = 0; i < 5; i++) await call.RequestStream.WriteAsync(People.Family());
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException) { } // the server may end the call while rows are still being written

        var ended = await Assert.ThrowsAsync<RpcException>(() => reading);
        Assert.Equal(StatusCode.ResourceExhausted, ended.StatusCode);
        Assert.Contains("at most 3 rows", ended.Status.Detail);
        Assert.Equal((3, 3), (progress[^1].Received, progress[^1].Stored));
        Assert.Equal(3, await factory.WithDbAsync(db => db.Households.CountAsync()));
    }

    [Fact]
    public async Task A_stream_open_longer_than_its_time_is_ended_DeadlineExceeded()
    {
        await using var factory = await HouseholdsFactory.CreateAsync(settings: new Dictionary<string, string?> { ["Import:MaxDuration"] = "00:00:01" });
        using var call = factory.Registry().ImportHouseholds();
        await call.RequestStream.WriteAsync(People.Family());
        // The client trickles: nothing more, and the stream stays open.
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync()) { }
        });
        Assert.Equal(StatusCode.DeadlineExceeded, ended.StatusCode);
        Assert.Contains("at most 00:00:01", ended.Status.Detail);
    }
}
