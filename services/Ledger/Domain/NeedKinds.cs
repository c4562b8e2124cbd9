namespace Coordination.Ledger.Domain;

public static class NeedKinds
{
    public const string EducationAid = "school-age-without-education-aid";
    public const string Uninsured = "uninsured-member";
    public const string SeriousIllnessCost = "serious-illness-high-cost";
    public const string CapitalWithoutProject = "capital-without-project";
    public const string UnsafeHousing = "unsafe-housing";
}
