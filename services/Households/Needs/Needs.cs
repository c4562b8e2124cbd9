using Coordination.Contracts;

namespace Coordination.Households.Needs;

/// <summary>
/// What the departments told the ledger about one household, beyond its grants: the two
/// guarantees of 两不愁三保障 (the latest assessment wins) and whether it takes part in an industry project.
/// </summary>
public sealed class HouseholdSupport
{
    public Guid HouseholdId { get; set; }

    /// <summary>义务教育有保障, from EducationGuaranteeChanged; null until the education service assessed it.</summary>
    public bool? EducationGuaranteeMet { get; set; }

    public string EducationTerm { get; set; } = "";

    public string EducationExplanation { get; set; } = "";

    public DateTime? EducationChangedAt { get; set; }

    /// <summary>基本医疗有保障, from MedicalGuaranteeChanged; null until the medical service assessed it.</summary>
    public bool? MedicalGuaranteeMet { get; set; }

    public int MedicalYear { get; set; }

    public string MedicalExplanation { get; set; } = "";

    public DateTime? MedicalChangedAt { get; set; }

    /// <summary>The first industry project the household enrolled in (HouseholdEnrolledInProject); null if none.</summary>
    public string? IndustryProject { get; set; }

    public List<MemberSupport> Members { get; set; } = [];

    public MemberSupport Member(Guid personId)
    {
        var member = Members.SingleOrDefault(m => m.PersonId == personId);
        if (member is null)
        {
            member = new MemberSupport { HouseholdId = HouseholdId, PersonId = personId };
            Members.Add(member);
        }
        return member;
    }
}

/// <summary>Facts about one member: a large out-of-pocket medical cost, a dropout alert not cleared.</summary>
public sealed class MemberSupport
{
    public Guid HouseholdId { get; set; }

    public Guid PersonId { get; set; }

    public Guid? LargeExpenseClaimId { get; set; }

    public long LargeExpenseOutOfPocketFen { get; set; }

    public DateTime? LargeExpenseAt { get; set; }

    /// <summary>The term of an open dropout alert (控辍保学); null when none is open.</summary>
    public string? DropoutTerm { get; set; }
}

/// <summary>
/// A need of a household (or of one member) in a category, open until what it lacks arrives. A need
/// closed stays closed: if the lack comes back it is a new need with a new id, because the donors'
/// service keeps closed needs so that a late NeedOpened cannot reopen them.
/// </summary>
public sealed class HouseholdNeed
{
    public Guid Id { get; set; }

    public Guid HouseholdId { get; set; }

    public Guid? PersonId { get; set; }

    public string RegionCode { get; set; } = "";

    public NeedCategory Category { get; set; }

    /// <summary>Which rule found it (see <see cref="NeedKinds"/>); with the person, what makes a need the same need.</summary>
    public string Kind { get; set; } = "";

    /// <summary>1 (mild) to 5 (urgent); donors match the most severe first.</summary>
    public int Severity { get; set; }

    public string Reason { get; set; } = "";

    public DateTime OpenedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public string? ClosedReason { get; set; }

    public bool IsOpen => ClosedAt is null;
}

public static class NeedKinds
{
    public const string EducationAid = "school-age-without-education-aid";
    public const string Uninsured = "uninsured-member";
    public const string SeriousIllnessCost = "serious-illness-high-cost";
    public const string CapitalWithoutProject = "capital-without-project";
    public const string UnsafeHousing = "unsafe-housing";
}
