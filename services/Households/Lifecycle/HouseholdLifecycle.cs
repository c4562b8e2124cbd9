using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Contracts.Events;
using Coordination.Households.Data;
using Coordination.Households.Domain;
using Coordination.Households.Registration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Api = Coordination.Households.V1;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Households.Lifecycle;

/// <summary>
/// The household's lifecycle and its monitoring flags (防返贫监测). Every step is kept in the
/// history (who, when, why) and leaves as an event in the same transaction.
/// </summary>
public sealed class HouseholdLifecycle(HouseholdsDbContext db, TimeProvider time, IOptions<ExitOptions> exitOptions)
{
    public async Task<Household> ChangeStatusAsync(Api.ChangeHouseholdStatusRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var now = time.GetUtcDateTime();
        var v = new Validation();
        var id = HouseholdValidation.Id(v, request.HouseholdId, "household_id");
        v.Require(request.Version > 0, "version", "send the version you read (Household.version)");
        v.Require(HouseholdValidation.Defined(request.To), "to", "is required: the status to move to");
        Who(v, request.Reason, "reason", request.ChangedBy, "changed_by");
        var to = (Vocabulary.HouseholdStatus)request.To;
        if (to == Vocabulary.HouseholdStatus.Exited)
            v.Require(request.ExitYear >= 2000 && request.ExitYear <= now.Year, "exit_year", $"is required when a household exits: a year from 2000 to {now.Year}");
        else
            v.Require(request.ExitYear == 0, "exit_year", "is only given when a household exits");
        v.ThrowIfInvalid();

        var household = await LoadAsync(id!.Value, scope, cancellationToken);
        if (household.Version != request.Version)
            throw new ConcurrencyConflictException($"The household is at version {household.Version}, not {request.Version}: read it again and retry.");
        if (to == Vocabulary.HouseholdStatus.Exited && request.ExitYear < household.RegisteredAt.Year)
            throw new RuleViolationException("household.exit-before-registration",
                $"A household registered in {household.RegisteredAt.Year} cannot have exited in {request.ExitYear}.");
        // 如何退: the ledger's conditions (income, 两不愁三保障); refused with the failing ones named.
        if (to == Vocabulary.HouseholdStatus.Exited && household.Status != Vocabulary.HouseholdStatus.Exited)
            await RequireExitAllowedAsync(household, cancellationToken);

        var entry = household.ChangeStatus(to, to == Vocabulary.HouseholdStatus.Exited ? request.ExitYear : null,
            request.Reason.Trim(), request.ChangedBy.Trim(), now);
        db.History.Add(entry);
        db.AddIntegrationEvent(new HouseholdStatusChanged(
            household.Id, household.Version, entry.From!.Value, to, entry.ExitYear, entry.Reason, entry.By, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException($"The household changed since version {request.Version} was read: read it again and retry.");
        }
        return household;
    }

    public async Task<Household> RaiseFlagAsync(Api.RaiseMonitoringFlagRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var (id, category) = ValidateFlag(request.HouseholdId, request.Category, request.Reason, request.RaisedBy, "raised_by");
        var household = await LoadAsync(id, scope, cancellationToken);
        if (!Raise(household, category, request.Reason.Trim(), request.RaisedBy.Trim(), time.GetUtcDateTime()))
            throw new AlreadyExistsException($"The household's {category} flag is already raised; clear it first to raise it with a new reason.");
        await SaveFlagAsync(cancellationToken);
        return household;
    }

    public async Task<Household> ClearFlagAsync(Api.ClearMonitoringFlagRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var (id, category) = ValidateFlag(request.HouseholdId, request.Category, request.Reason, request.ClearedBy, "cleared_by");
        var household = await LoadAsync(id, scope, cancellationToken);
        var flag = household.MonitoringFlags.SingleOrDefault(f => f.Category == category && f.Active)
            ?? throw new RuleViolationException("monitoring.flag-not-raised", $"The household has no {category} flag raised.");
        var now = time.GetUtcDateTime();
        var (reason, by) = (request.Reason.Trim(), request.ClearedBy.Trim());
        flag.Clear();
        db.History.Add(HouseholdHistoryEntry.Flag(household.Id, HistoryEntryKind.MonitoringFlagCleared, category, reason, by, now));
        db.AddIntegrationEvent(new MonitoringFlagCleared(household.Id, category, reason, by, now));
        await SaveFlagAsync(cancellationToken);
        return household;
    }

    /// <summary>
    /// Raises a flag without saving (an RPC saves; a consumer's inbox filter commits). False when it
    /// is raised already. Any household may carry one: besides the non-poor ones the design names,
    /// the ledger's 返贫 warnings (a large medical expense, a dropout, a disaster) flag registered households
    /// whose situation just got worse.
    /// </summary>
    public bool Raise(Household household, Vocabulary.MonitoringCategory category, string reason, string by, DateTime now)
    {
        var flag = household.MonitoringFlags.SingleOrDefault(f => f.Category == category);
        if (flag is { Active: true }) return false;
        if (flag is null)
        {
            flag = MonitoringFlag.New(household.Id, category);
            household.MonitoringFlags.Add(flag); // first: EF's fix-up then finds it in the collection and does not add it again
            db.MonitoringFlags.Add(flag);
        }
        flag.Raise(reason, by, now);
        db.History.Add(HouseholdHistoryEntry.Flag(household.Id, HistoryEntryKind.MonitoringFlagRaised, category, reason, by, now));
        db.AddIntegrationEvent(new MonitoringFlagRaised(household.Id, category, reason, by, now));
        return true;
    }

    public const string ExitRule = "household.exit-conditions";

    /// <summary>
    /// An exit needs the ledger's evaluation (HouseholdExitEvaluated) of the household's current version
    /// to allow it. The ledger evaluates each version as it learns of it, so a refusal for a pending
    /// evaluation is answered again within moments; a failing one names every failing condition.
    /// </summary>
    private async Task RequireExitAllowedAsync(Household household, CancellationToken cancellationToken)
    {
        if (!exitOptions.Value.Enforce) return;
        var evaluation = await db.ExitEvaluations.AsNoTracking().SingleOrDefaultAsync(e => e.HouseholdId == household.Id, cancellationToken);
        if (evaluation is { Eligible: false })
            throw new RuleViolationException(ExitRule, "The household does not meet the exit conditions: " + evaluation.Failing);
        if (evaluation is null || evaluation.HouseholdVersion < household.Version)
            throw new RuleViolationException("household.exit-evaluation-pending",
                $"The ledger has not yet evaluated version {household.Version} of the household's exit conditions: retry in a moment.");
    }

    public async Task<Household?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Households.Include(h => h.Members).Include(h => h.MonitoringFlags).SingleOrDefaultAsync(h => h.Id == id, cancellationToken);

    /// <summary>A household for a caller's change: it must lie in the caller's scope (consumers use <see cref="FindAsync"/>, unscoped).</summary>
    private async Task<Household> LoadAsync(Guid id, RegionScope scope, CancellationToken cancellationToken)
    {
        var household = await FindAsync(id, cancellationToken) ?? throw new NotFoundException("Household", id.ToString());
        scope.Require(household.RegionCode, "Household", id.ToString());
        household.EnsureNotMerged();
        return household;
    }

    private async Task SaveFlagAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The (household, category) key: a concurrent call raised the same flag first.
            throw new ConcurrencyConflictException("The household's monitoring flags changed meanwhile: read it again and retry.");
        }
    }

    private static (Guid Id, Vocabulary.MonitoringCategory Category) ValidateFlag(
        string householdId, Api.MonitoringCategory category, string reason, string by, string byField)
    {
        var v = new Validation();
        var id = HouseholdValidation.Id(v, householdId, "household_id");
        v.Require(HouseholdValidation.Defined(category), "category", "is required: a monitoring category");
        Who(v, reason, "reason", by, byField);
        v.ThrowIfInvalid();
        return (id!.Value, (Vocabulary.MonitoringCategory)category);
    }

    private static void Who(Validation v, string reason, string reasonField, string by, string byField)
    {
        v.RequireReason(reason, reasonField);
        v.RequireWho(by, byField);
    }
}
