using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Households;
using Coordination.Education.Data;
using Coordination.Education.Domain;
using Coordination.Education.Dropout;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Education.V1;

namespace Coordination.Education.Students;

/// <summary>The checks of request fields and of students that several calls share.</summary>
internal static class Requests
{
    public static Guid PersonId(Validation v, string value, string field)
    {
        if (Guid.TryParse(value, out var id) && id != Guid.Empty) return id;
        v.Add(field, "must be the registry's person id (a UUID)");
        return Guid.Empty;
    }

    public static Guid? OptionalId(Validation v, string value, string field)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (Guid.TryParse(value, out var id)) return id;
        v.Add(field, "must be a UUID");
        return null;
    }

    public static Term TermOrCurrent(Validation v, string value, string field, DropoutMonitor monitor)
    {
        if (string.IsNullOrEmpty(value)) return monitor.CurrentTerm();
        if (Term.TryParse(value, out var term)) return term.Value;
        v.Add(field, "must be a term such as 2026-autumn or 2027-spring");
        return default;
    }

    public static (string Code, string Name) School(Validation v, string code, string name)
    {
        return (v.RequireText(code, "school_code", 50), v.RequireText(name, "school_name", 100));
    }

    public static Stage Stage(Validation v, Api.Stage value, string field)
    {
        if (value != Api.Stage.Unspecified && Enum.IsDefined(value)) return (Stage)value;
        v.Add(field, "is required: a school stage such as STAGE_PRIMARY");
        return default;
    }

    public static string? RegionPrefix(Validation v, string value, string field)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (value.Length is >= 2 and <= 12 && value.All(char.IsAsciiDigit)) return value;
        v.Add(field, "must be 2 to 12 digits of a region code");
        return null;
    }

    /// <summary>The registered household (or one within its buffer period) the person belongs to.</summary>
    public static async Task<KnownHousehold> StudentHouseholdAsync(
        EducationDbContext db, Guid personId, DateOnly today, HouseholdDirectoryOptions options, CancellationToken cancellationToken)
    {
        var householdId = await db.Members.Where(m => m.Id == personId)
            .Select(m => (Guid?)m.HouseholdId).FirstOrDefaultAsync(cancellationToken)
            ?? throw new RuleViolationException("student.not-a-member",
                $"Person {personId} is not a member of any registered household known to education (the registry's events may not have arrived yet).");
        return await db.GetEligibleAsync(householdId, today, options, cancellationToken);
    }
}
