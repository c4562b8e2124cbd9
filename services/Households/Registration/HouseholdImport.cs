using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.Data;
using Coordination.Households.Domain;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Households.V1;

namespace Coordination.Households.Registration;

/// <summary>
/// Bulk import: registers a stream of households in batches (one duplicate check and one
/// transaction per batch), answering each invalid row with its reasons and going on. The rules are
/// registration's own: each row is prepared by HouseholdRegistration.
/// </summary>
public sealed class HouseholdImport(HouseholdsDbContext db, HouseholdRegistration registration, TimeProvider time, ILogger<HouseholdImport> logger)
{
    public const int BatchSize = 500;

    public async Task<Api.ImportHouseholdsResponse> ImportAsync(IAsyncStreamReader<Api.RegisterHouseholdRequest> rows, CancellationToken cancellationToken)
    {
        var response = new Api.ImportHouseholdsResponse();
        var batch = new List<(int Row, Household Household, List<string> Hashes)>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await foreach (var request in rows.ReadAllAsync(cancellationToken))
        {
            var row = ++response.Received;
            try
            {
                var (household, members) = registration.Prepare(request, time.GetUtcDateTime());
                batch.Add((row, household, members.Select(m => m.Member.NationalIdHash).ToList()));
            }
            catch (ValidationException e)
            {
                Reject(response, row, "INVALID_ARGUMENT", e.Message, e.Violations);
            }
            if (batch.Count >= BatchSize) await StoreAsync(batch, response, cancellationToken);
        }
        await StoreAsync(batch, response, cancellationToken);
        logger.LogInformation("Import finished: {Received} rows, {Stored} stored, {Rejected} rejected", response.Received, response.Stored, response.Rejected);
        return response;
    }

    private async Task StoreAsync(List<(int Row, Household Household, List<string> Hashes)> batch, Api.ImportHouseholdsResponse response, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return;
        var hashes = batch.SelectMany(b => b.Hashes).ToList();
        var taken = (await db.Members.AsNoTracking().Where(m => hashes.Contains(m.NationalIdHash)).Select(m => m.NationalIdHash).ToListAsync(cancellationToken)).ToHashSet();
        var accepted = new List<(int Row, Household Household, List<string> Hashes)>();
        foreach (var item in batch)
        {
            var conflict = item.Hashes.FindIndex(taken.Contains);
            if (conflict >= 0)
            {
                Reject(response, item.Row, "ALREADY_EXISTS", $"members[{conflict}].national_id: this person already belongs to another household; one person, one household.", []);
                continue;
            }
            // Later rows of the same import see this one's people as taken.
            foreach (var hash in item.Hashes) taken.Add(hash);
            accepted.Add(item);
        }
        foreach (var item in accepted) registration.Add(item.Household);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            response.Stored += accepted.Count;
        }
        catch (DbUpdateException)
        {
            // A concurrent registration took one of these people: store the batch row by row to find it.
            db.ChangeTracker.Clear();
            foreach (var item in accepted)
            {
                registration.Add(item.Household);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    response.Stored++;
                }
                catch (DbUpdateException)
                {
                    Reject(response, item.Row, "ALREADY_EXISTS", "a member was registered by a concurrent call; one person, one household.", []);
                }
                db.ChangeTracker.Clear();
            }
        }
        db.ChangeTracker.Clear();
        batch.Clear();
        logger.LogInformation("Import progress: {Received} rows read, {Stored} stored, {Rejected} rejected", response.Received, response.Stored, response.Rejected);
    }

    private static void Reject(Api.ImportHouseholdsResponse response, int row, string code, string message, IReadOnlyList<FieldViolation> violations)
    {
        response.Rejected++;
        var rejected = new Api.RejectedRow { Row = row, Code = code, Message = message };
        rejected.Violations.AddRange(violations.Select(v => new Api.FieldViolation { Field = v.Field, Description = v.Description }));
        response.RejectedRows.Add(rejected);
    }
}
