namespace Coordination.Ledger.Domain;

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
