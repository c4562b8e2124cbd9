namespace Coordination.BuildingBlocks.Security;

public static class Roles
{
    public const string DepartmentIndustry = "department-industry";
    public const string DepartmentEducation = "department-education";
    public const string DepartmentMedical = "department-medical";
    public const string Coordinator = "coordinator";
    public const string Enterprise = "enterprise";
    public const string Auditor = "auditor";

    public static readonly IReadOnlyList<string> All = [DepartmentIndustry, DepartmentEducation, DepartmentMedical, Coordinator, Enterprise, Auditor];
}
