namespace Coordination.BuildingBlocks.Security;

public static class Roles
{
    public const string DepartmentIndustry = "department-industry";
    public const string DepartmentEducation = "department-education";
    public const string DepartmentMedical = "department-medical";
    public const string Coordinator = "coordinator";
    public const string Enterprise = "enterprise";
    public const string Auditor = "auditor";

    /// <summary>Manages person accounts at the gateway, within its own region scope; no service names it.</summary>
    public const string Administrator = "administrator";

    /// <summary>The roles the services judge (the gateway's own <see cref="Administrator"/> is not among them).</summary>
    public static readonly IReadOnlyList<string> All = [DepartmentIndustry, DepartmentEducation, DepartmentMedical, Coordinator, Enterprise, Auditor];
}
