namespace Coordination.Education.Domain;

public sealed class EducationOptions
{
    public const string Section = "Education";

    /// <summary>
    /// The term that dropout alerts and the education guarantee are about, e.g. "2026-autumn". Unset,
    /// it follows the calendar (<see cref="Term.Containing"/>); set it where a province's school
    /// calendar differs, or to hold a term open while late enrolment lists arrive.
    /// </summary>
    public string? CurrentTerm { get; set; }

    /// <summary>School age (控辍保学), inclusive, as the age reached on the first day of the term.</summary>
    public int SchoolAgeFrom { get; set; } = 6;

    public int SchoolAgeTo { get; set; } = 15;

    /// <summary>How often every household is re-assessed, for what no event announces: a new term, a birthday.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    public Term TermOn(DateOnly today) =>
        string.IsNullOrWhiteSpace(CurrentTerm) ? Term.Containing(today) : Term.Parse(CurrentTerm.Trim());
}
