using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Contracts.Events;
using Coordination.Industry.Data;
using Coordination.Industry.Domain;
using Coordination.Industry.Grpc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Api = Coordination.Industry.V1;

namespace Coordination.Industry.Projects;

/// <summary>
/// Files projects, changes their status and enrols households in them, for a caller whose region
/// scope must cover the project's region (and an enrolled household's).
/// </summary>
public sealed class ProjectCatalogue(IndustryDbContext db, TimeProvider time, IOptions<HouseholdDirectoryOptions> directory)
{
    public async Task<Project> CreateAsync(Api.CreateProjectRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var name = v.RequireText(request.Name, "name", 100);
        var type = v.EnumField<Api.ProjectType, ProjectType>(request.Type, "type");
        var operatorName = v.RequireText(request.OperatorName, "operator_name", 100);
        var operatorKind = v.EnumField<Api.OperatorKind, OperatorKind>(request.OperatorKind, "operator_kind");
        if (!CreditCode.TryNormalize(request.OperatorCreditCode, out var creditCode, out var creditError))
            v.Add("operator_credit_code", creditError);
        var region = request.RegionCode.Trim();
        v.Require(IsCountyOrBelow(region), "region_code", "must be a county (6 digits), township (9) or village (12) division code");

        v.Require(request.Funds.Count > 0, "funds", "name at least one source of funds");
        for (var i = 0; i < request.Funds.Count; i++)
        {
            var fund = request.Funds[i];
            if (v.Require(RequestFields.Defined(fund.Source), $"funds[{i}].source", "is required")
                && request.Funds.Take(i).Any(f => f.Source == fund.Source))
                v.Add($"funds[{i}].source", "is listed twice; give each source once with its whole amount");
            v.RequireFen(fund.AmountFen, $"funds[{i}].amount_fen");
        }

        var start = v.Date(request.StartDate, "start_date");
        var end = v.Date(request.EndDate, "end_date");
        if (start != default && end != default) v.Require(end > start, "end_date", "must be after start_date");
        v.ThrowIfInvalid();
        scope.Require(region, "Project region", region);

        var now = time.GetUtcDateTime();
        var project = new Project
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Type = type,
            OperatorName = operatorName,
            OperatorKind = operatorKind,
            OperatorCreditCode = creditCode,
            RegionCode = region,
            StartDate = start,
            EndDate = end,
            Status = ProjectStatus.Active,
            CreatedAt = now,
        };
        project.Funds.AddRange(request.Funds.Select(f => new ProjectFund
        {
            Id = Guid.CreateVersion7(),
            ProjectId = project.Id,
            Source = (FundSource)f.Source,
            AmountFen = f.AmountFen,
        }));
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        return project;
    }

    public async Task<Project> ChangeStatusAsync(Api.ChangeProjectStatusRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var id = v.Id(request.ProjectId, "project_id", "a project");
        var status = v.EnumField<Api.ProjectStatus, ProjectStatus>(request.Status, "status");
        v.ThrowIfInvalid();

        var project = await FindAsync(id, cancellationToken);
        scope.Require(project.RegionCode, "Project", id.ToString());
        if (project.Status == ProjectStatus.Completed && status != ProjectStatus.Completed)
            throw new RuleViolationException("project.completed", $"Project {id} is completed; a completed project does not reopen.");
        project.Status = status;
        await db.SaveChangesAsync(cancellationToken);
        return project;
    }

    /// <summary>
    /// Enrols a household known from the registry's events and eligible for aid now (the directory's
    /// buffer-period rule). The same household in the same role again is the enrolment it already has.
    /// </summary>
    public async Task<Enrolment> EnrollAsync(Api.EnrollHouseholdRequest request, RegionScope scope, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var projectId = v.Id(request.ProjectId, "project_id", "a project");
        var householdId = v.Id(request.HouseholdId, "household_id", "a household");
        var role = v.EnumField<Api.EnrolmentRole, EnrolmentRole>(request.Role, "role");
        v.ThrowIfInvalid();

        var project = await FindAsync(projectId, cancellationToken);
        scope.Require(project.RegionCode, "Project", projectId.ToString());
        await scope.RequireHouseholdAsync(db, householdId, cancellationToken);
        if (project.Status != ProjectStatus.Active)
            throw new RuleViolationException("project.not-active", $"Project {projectId} is {project.Status}; households join active projects only.");
        var now = time.GetUtcDateTime();
        await db.GetEligibleAsync(householdId, DateOnly.FromDateTime(now), directory.Value, cancellationToken);

        // Keyed by (project, household, role), with nothing else to differ: an enrolment already made (also by a concurrent call) stands.
        var once = new IdempotentCreate<Enrolment>(db, ct => FindEnrolmentAsync(projectId, householdId, role, ct), sameContent: null, conflict: _ => "");
        return await once.CreateAsync(_ =>
        {
            var enrolment = new Enrolment { Id = Guid.CreateVersion7(), ProjectId = projectId, HouseholdId = householdId, Role = role, EnrolledAt = now };
            db.Enrolments.Add(enrolment);
            db.AddIntegrationEvent(new HouseholdEnrolledInProject(
                enrolment.Id, projectId, householdId, project.Name, project.Type.ToString(), RoleName(role), project.RegionCode, now));
            return Task.FromResult(enrolment);
        }, cancellationToken);
    }

    /// <summary>A project runs in a county, township or village: every level down to it is named (none is zero).</summary>
    public static bool IsCountyOrBelow(string code) =>
        code.Length is 6 or 9 or 12 && RegionCode.IsValidPrefix(code)
        && code.AsSpan(2, 2) is not "00" && code.AsSpan(4, 2) is not "00"
        && (code.Length < 9 || code.AsSpan(6, 3) is not "000")
        && (code.Length < 12 || code.AsSpan(9, 3) is not "000");

    public static string RoleName(EnrolmentRole role) => role switch
    {
        EnrolmentRole.Member => "member",
        EnrolmentRole.Worker => "worker",
        _ => "land-lessor",
    };

    private Task<Enrolment?> FindEnrolmentAsync(Guid projectId, Guid householdId, EnrolmentRole role, CancellationToken cancellationToken) =>
        db.Enrolments.AsNoTracking().SingleOrDefaultAsync(
            e => e.ProjectId == projectId && e.HouseholdId == householdId && e.Role == role, cancellationToken);

    private async Task<Project> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Projects.Include(p => p.Funds).SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
        ?? throw new NotFoundException("Project", id.ToString());
}
