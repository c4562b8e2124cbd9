using System.Globalization;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Education.Data;
using Coordination.Education.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordination.Education.Dropout;

/// <summary>
/// 控辍保学 and the education guarantee. For a household it finds the school-age members (by age on
/// the first day of the current term) who have no standing enrolment in that term, keeps one dropout
/// alert per such person and term, and keeps the household's guarantee, publishing alerts raised and
/// cleared and the guarantee whenever it changes. It runs in the transaction of whatever changed the
/// facts: a household event's consumer, an enrolment call, or the periodic sweep (new terms, birthdays).
/// The registry's own schooling stage is not proof of enrolment: only a school's enrolment is.
/// </summary>
public sealed class DropoutMonitor(
    EducationDbContext db, IOptions<EducationOptions> options, IOptions<HouseholdDirectoryOptions> directory, TimeProvider time)
{
    private EducationOptions Options => options.Value;

    public Term CurrentTerm() => Options.TermOn(Today());

    public DateOnly Today() => DateOnly.FromDateTime(time.GetUtcDateTime());

    /// <summary>Assesses without changing anything; the household's members must be loaded.</summary>
    public async Task<SchoolingAssessment> AssessAsync(KnownHousehold household, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcDateTime());
        var term = Options.TermOn(today);
        var termName = term.ToString();
        var ages = string.Create(CultureInfo.InvariantCulture, $"{Options.SchoolAgeFrom}–{Options.SchoolAgeTo}");
        if (!IsActive(household, today))
            return new(household.Id, term, false, [], [], $"The household is not a registered household ({Describe(household)}); its children are not watched.");

        var schoolAge = household.Members
            .Where(m => m.AgeOn(term.Start) >= Options.SchoolAgeFrom && m.AgeOn(term.Start) <= Options.SchoolAgeTo)
            .OrderBy(m => m.BirthDate).ToList();
        var ids = schoolAge.Select(m => m.Id).ToList();
        var enrolled = (await WithLocal(db.Enrolments.Where(e => e.Term == termName && ids.Contains(e.PersonId)),
                e => e.Term == termName && ids.Contains(e.PersonId), cancellationToken))
            .Where(e => e.Status == EnrolmentStatus.Enrolled).Select(e => e.PersonId).ToHashSet();
        var unenrolled = schoolAge.Where(m => !enrolled.Contains(m.Id)).ToList();

        var explanation = schoolAge.Count == 0
            ? $"No member is of school age ({ages}) in {termName}."
            : unenrolled.Count == 0
                ? $"All {schoolAge.Count} school-age members ({ages}) are enrolled in {termName}."
                : $"{unenrolled.Count} of {schoolAge.Count} school-age members ({ages}) are not enrolled in {termName}.";
        return new(household.Id, term, true, schoolAge, unenrolled, explanation);
    }

    /// <summary>Brings the household's alerts and guarantee up to date; the caller saves.</summary>
    public async Task EvaluateAsync(KnownHousehold household, CancellationToken cancellationToken)
    {
        var now = time.GetUtcDateTime();
        var assessment = await AssessAsync(household, cancellationToken);
        var termName = assessment.Term.ToString();
        var memberIds = household.Members.Select(m => m.Id).ToList();
        var alerts = await WithLocal(
            db.DropoutAlerts.Where(a => a.Term == termName && (a.HouseholdId == household.Id || memberIds.Contains(a.PersonId))),
            a => a.Term == termName && (a.HouseholdId == household.Id || memberIds.Contains(a.PersonId)), cancellationToken);

        foreach (var member in assessment.Unenrolled)
        {
            var alert = alerts.SingleOrDefault(a => a.PersonId == member.Id);
            var raised = alert is null || !alert.IsOpen;
            if (alert is null)
            {
                alert = new DropoutAlert { Id = Guid.CreateVersion7(), PersonId = member.Id, Term = termName };
                db.DropoutAlerts.Add(alert);
            }
            else if (alert.IsOpen && alert.HouseholdId != household.Id)
            {
                // The child moved here with an open alert: it leaves the old household's list and joins this one's.
                db.AddIntegrationEvent(new DropoutAlertCleared(alert.HouseholdId, member.Id, termName, now));
                raised = true;
            }
            alert.HouseholdId = household.Id;
            alert.RegionCode = household.RegionCode;
            alert.BirthYear = member.BirthDate.Year;
            if (!raised) continue;
            alert.RaisedAt = now;
            alert.ClearedAt = null;
            alert.ClearedReason = null;
            db.AddIntegrationEvent(new DropoutAlertRaised(household.Id, member.Id, termName, now));
        }

        var unenrolledIds = assessment.Unenrolled.Select(m => m.Id).ToHashSet();
        foreach (var alert in alerts.Where(a => a.IsOpen && !unenrolledIds.Contains(a.PersonId)))
        {
            alert.ClearedAt = now;
            alert.ClearedReason = !assessment.Active ? "the household is no longer a registered household"
                : !memberIds.Contains(alert.PersonId) ? "no longer a member of the household"
                : assessment.SchoolAge.Any(m => m.Id == alert.PersonId) ? "enrolled"
                : "not of school age";
            db.AddIntegrationEvent(new DropoutAlertCleared(alert.HouseholdId, alert.PersonId, termName, now));
        }

        if (!assessment.Active) return; // the registry's exit rule no longer asks about this household
        var guarantee = await db.Guarantees.FindAsync([household.Id], cancellationToken);
        if (guarantee is null)
        {
            guarantee = new EducationGuaranteeRecord { HouseholdId = household.Id };
            db.Guarantees.Add(guarantee);
        }
        else if (guarantee.Term == termName && guarantee.Met == assessment.Met)
        {
            guarantee.Explanation = assessment.Explanation;
            return;
        }
        guarantee.Term = termName;
        guarantee.Met = assessment.Met;
        guarantee.Explanation = assessment.Explanation;
        guarantee.ChangedAt = now;
        db.AddIntegrationEvent(new EducationGuaranteeChanged(household.Id, termName, assessment.Met, assessment.Explanation, now));
    }

    /// <summary>Evaluates a household by id: the one the caller's context tracks (changed, maybe unsaved) or the stored one.</summary>
    public async Task EvaluateAsync(Guid householdId, CancellationToken cancellationToken)
    {
        var household = db.Households.Local.FirstOrDefault(h => h.Id == householdId)
            ?? await db.Households.Include(h => h.Members).SingleOrDefaultAsync(h => h.Id == householdId, cancellationToken);
        if (household is not null) await EvaluateAsync(household, cancellationToken);
    }

    /// <summary>The buffer-period rule of <see cref="HouseholdDirectory.GetEligibleAsync"/>, on a household already in hand.</summary>
    private bool IsActive(KnownHousehold household, DateOnly today) =>
        household.MergedInto is null && household.Status switch
        {
            HouseholdStatus.Registered or HouseholdStatus.ReturnedToPoverty => true,
            HouseholdStatus.Exited => household.ExitYear is { } year && today.Year <= year + directory.Value.BufferPeriodYears,
            _ => false,
        };

    private static string Describe(KnownHousehold household) =>
        household.MergedInto is { } survivor ? $"merged into {survivor}"
        : household.Status == HouseholdStatus.Exited ? $"exited in {household.ExitYear}, past its buffer period"
        : household.Status == 0 ? "not yet known" : household.Status.ToString();

    /// <summary>The stored rows and those this unit of work added but has not saved yet.</summary>
    private async Task<List<T>> WithLocal<T>(IQueryable<T> query, Func<T, bool> predicate, CancellationToken cancellationToken) where T : class
    {
        var stored = await query.ToListAsync(cancellationToken);
        return stored.Union(db.Set<T>().Local.Where(e => db.Entry(e).State == EntityState.Added && predicate(e))).ToList();
    }
}
