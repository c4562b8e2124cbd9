using System.Data.Common;
using System.Threading.Channels;
using Coordination.BuildingBlocks.Audit;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Households.Data;
using Coordination.Households.Deduplication;
using Coordination.Households.Domain;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Households.V1;

namespace Coordination.Households.Registration;

/// <summary>
/// Bulk import: registers a stream of households in batches (one duplicate check, one candidate
/// search and one transaction per batch), answering each invalid row with its reasons and going on,
/// and reporting progress after every batch. The rules are registration's own: each row is
/// prepared by HouseholdRegistration, and each stored household leaves with its HouseholdRegistered
/// outbox row in its batch's transaction.
/// Two stages run at once: one task reads and prepares the next batch (parsing, validation,
/// encryption, keyed hashes, the event's JSON: all CPU) while this one writes the previous batch
/// (the database), so an import keeps both a core and the database busy.
/// </summary>
public sealed class HouseholdImport(HouseholdsDbContext db, HouseholdRegistration registration, DuplicateFinder duplicates, OutboxSignal outboxSignal, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<ImportOptions> options, AuditTrail audit, ILogger<HouseholdImport> logger)
{
    public const int BatchSize = 1000;

    /// <param name="Hashes">Per member, its number's lookup hashes under every configured key.</param>
    private sealed record Row(int Number, Household Household, List<IReadOnlyList<string>> Hashes, OutboxMessage Registered);

    /// <summary>A batch as the reading stage hands it over: the rows to store and the rows already refused.</summary>
    private sealed record Batch(List<Row> Rows, List<Api.RejectedRow> Rejected, int Received, bool Last);

    /// <summary>A row for a region outside the caller's <paramref name="scope"/> is refused (PERMISSION_DENIED) like an invalid one; the others go on.</summary>
    public async Task ImportAsync(IAsyncStreamReader<Api.RegisterHouseholdRequest> rows, IServerStreamWriter<Api.ImportHouseholdsResponse> progress, RegionScope scope, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timeLimit = new CancellationTokenSource(options.Value.MaxDuration, time);
        using var stopAtLimit = timeLimit.Token.Register(stop.Cancel);
        // Two batches ahead at most: the reader waits rather than filling memory when the database is slower.
        var batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => ReadAsync(rows, scope, batches.Writer, stop.Token), stop.Token);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // One connection for the whole import, so that its bulk-write settings hold for every batch.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var settings = await BulkWriteSettings.ApplyAsync(db, cancellationToken);
            var totals = new Api.ImportHouseholdsResponse();
            await foreach (var batch in batches.Reader.ReadAllAsync(stop.Token))
            {
                totals.Received = batch.Received;
                await StoreAsync(batch.Rows, totals, batch.Rejected, cancellationToken);
                await ReportAsync(progress, totals, batch.Rejected, batch.Last);
            }
            logger.LogInformation("Import finished: {Received} rows, {Stored} stored, {Rejected} rejected", totals.Received, totals.Stored, totals.Rejected);
        }
        catch (OperationCanceledException) when (timeLimit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                $"An import may run at most {options.Value.MaxDuration}; the rows reported as stored are kept. Send the rest in another import."));
        }
        finally
        {
            await stop.CancelAsync();
            // The reader's own failure (a broken stream) is the one to report; after ours it only saw the cancellation.
            try { await reading; }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The reading stage: prepares every row without touching the database (it runs beside the
    /// writing stage, which owns the DbContext) and hands over a batch every BatchSize rows read,
    /// so progress comes at every BatchSize rows whatever they held.
    /// </summary>
    private async Task ReadAsync(IAsyncStreamReader<Api.RegisterHouseholdRequest> rows, RegionScope scope, ChannelWriter<Batch> batches, CancellationToken cancellationToken)
    {
        try
        {
            var received = 0;
            var batch = new Batch([], [], 0, false);
            await foreach (var request in rows.ReadAllAsync(cancellationToken))
            {
                if (received == options.Value.MaxRows)
                {
                    // What was read is stored and reported first; the stream then ends here.
                    await batches.WriteAsync(batch with { Received = received }, cancellationToken);
                    throw new RpcException(new Status(StatusCode.ResourceExhausted,
                        $"An import stream holds at most {options.Value.MaxRows} rows; the rows reported as stored are kept. Send the rest in another import."));
                }
                received++;
                try
                {
                    var now = time.GetUtcDateTime();
                    var (household, members) = registration.Prepare(request, now);
                    // After validation, as RegisterHousehold, and before the row's people are looked up.
                    if (!scope.Covers(household.RegionCode))
                        batch.Rejected.Add(Rejected(received, "PERMISSION_DENIED",
                            $"region_code: {household.RegionCode} lies outside the regions the caller serves.", []));
                    else
                        batch.Rows.Add(new Row(received, household, members.Select(m => m.Member.LookupHashes).ToList(),
                            OutboxMessage.Create(HouseholdRegistration.Registered(household), now)));
                }
                catch (ValidationException e)
                {
                    batch.Rejected.Add(Rejected(received, "INVALID_ARGUMENT", e.Message, e.Violations));
                }
                if (received % BatchSize != 0) continue;
                await batches.WriteAsync(batch with { Received = received }, cancellationToken);
                batch = new Batch(new List<Row>(BatchSize), [], 0, false);
            }
            await batches.WriteAsync(batch with { Received = received, Last = true }, cancellationToken);
            batches.Complete();
        }
        catch (Exception e)
        {
            batches.Complete(e);
            throw;
        }
    }

    private static async Task ReportAsync(IServerStreamWriter<Api.ImportHouseholdsResponse> progress, Api.ImportHouseholdsResponse totals, List<Api.RejectedRow> rejected, bool completed)
    {
        totals.Rejected += rejected.Count;
        var message = new Api.ImportHouseholdsResponse
        {
            Received = totals.Received, Stored = totals.Stored, Rejected = totals.Rejected, Completed = completed,
        };
        message.RejectedRows.AddRange(rejected);
        await progress.WriteAsync(message);
    }

    private async Task StoreAsync(List<Row> batch, Api.ImportHouseholdsResponse totals, List<Api.RejectedRow> pending, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return;
        // Refusals in row order, whichever stage found them.
        var refusedBefore = pending.Count;
        var hashes = batch.SelectMany(b => b.Hashes.SelectMany(h => h)).ToList();
        var taken = (await db.Members.AsNoTracking().Where(m => EF.Parameter(hashes).Contains(m.NationalIdHash)).Select(m => m.NationalIdHash).ToListAsync(cancellationToken)).ToHashSet();
        var accepted = new List<Row>(batch.Count);
        foreach (var item in batch)
        {
            var conflict = item.Hashes.FindIndex(forms => forms.Any(taken.Contains));
            if (conflict >= 0)
            {
                pending.Add(Rejected(item.Number, "ALREADY_EXISTS", $"members[{conflict}].national_id: this person already belongs to another household; one person, one household.", []));
                continue;
            }
            // Later rows of the same import see this one's people as taken.
            foreach (var hash in item.Hashes.SelectMany(h => h)) taken.Add(hash);
            accepted.Add(item);
        }
        var now = time.GetUtcDateTime();
        await duplicates.FindAsync(accepted.Select(a => a.Household).ToList(), now, cancellationToken);
        try
        {
            await WriteAsync(accepted, cancellationToken);
            totals.Stored += accepted.Count;
        }
        catch (Exception e) when (e is DbException or DbUpdateException)
        {
            // A concurrent registration took one of these people: store the batch row by row to find it.
            db.ChangeTracker.Clear();
            foreach (var item in accepted)
            {
                await duplicates.FindAsync([item.Household], now, cancellationToken);
                registration.Add(item.Household);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    totals.Stored++;
                }
                catch (DbUpdateException)
                {
                    pending.Add(Rejected(item.Number, "ALREADY_EXISTS", "a member was registered by a concurrent call; one person, one household.", []));
                }
                db.ChangeTracker.Clear();
            }
        }
        db.ChangeTracker.Clear();
        if (pending.Count > refusedBefore) pending.Sort((a, b) => a.Row.CompareTo(b.Row));
        logger.LogDebug("Import progress: {Received} rows read, {Stored} stored", totals.Received, totals.Stored);
    }

    /// <summary>
    /// One transaction: the households, their members, their HouseholdRegistered outbox rows and their
    /// audit records by prepared inserts (BulkInsert), and the duplicate candidates the finder queued,
    /// by SaveChanges.
    /// </summary>
    private async Task WriteAsync(List<Row> accepted, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using (var households = new BulkInsert<Household>(db))
        await using (var members = new BulkInsert<Member>(db))
        await using (var outbox = new BulkInsert<OutboxMessage>(db))
        await using (var audited = new BulkInsert<AuditRecord>(db))
        {
            foreach (var item in accepted)
            {
                await households.AddAsync(item.Household, cancellationToken);
                foreach (var member in item.Household.Members) await members.AddAsync(member, cancellationToken);
                await outbox.AddAsync(item.Registered, cancellationToken);
            }
            var records = accepted.SelectMany(item => item.Household.Members.Select(m => (nameof(Member), m.Id.ToString(), AuditTrail.Added))
                .Prepend((nameof(Household), item.Household.Id.ToString(), AuditTrail.Added)));
            foreach (var record in audit.RecordsFor(records)) await audited.AddAsync(record, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // The outbox rows went in by bulk insert, past the change tracker that hands rows to the relay.
        outboxSignal.Notify();
    }

    private static Api.RejectedRow Rejected(int row, string code, string message, IReadOnlyList<FieldViolation> violations)
    {
        var rejected = new Api.RejectedRow { Row = row, Code = code, Message = message };
        rejected.Violations.AddRange(violations.Select(v => new Api.FieldViolation { Field = v.Field, Description = v.Description }));
        return rejected;
    }
}
