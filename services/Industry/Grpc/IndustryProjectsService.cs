using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Grpc;
using Coordination.BuildingBlocks.Households;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Industry.Benefits;
using Coordination.Industry.Data;
using Coordination.Industry.Projects;
using Coordination.Industry.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Domain = Coordination.Industry.Domain;

namespace Coordination.Industry.Grpc;

/// <summary>
/// Serves coordination.industry.v1.IndustryProjects: writes go to the catalogue and the payments, reads
/// are here. Every call is bounded by the caller's region scope: a project is its region's, a
/// beneficiary or income its household's; out of scope is PermissionDenied for one record and absent from lists.
/// </summary>
public sealed class IndustryProjectsService(ProjectCatalogue catalogue, BenefitPayments payments, IndustryDbContext db)
    : IndustryProjects.IndustryProjectsBase
{
    public override async Task<Project> CreateProject(CreateProjectRequest request, ServerCallContext context) =>
        ToResponse(await catalogue.CreateAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<Project> ChangeProjectStatus(ChangeProjectStatusRequest request, ServerCallContext context) =>
        ToResponse(await catalogue.ChangeStatusAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<Enrolment> EnrollHousehold(EnrollHouseholdRequest request, ServerCallContext context)
    {
        var e = await catalogue.EnrollAsync(request, context.RegionScope(), context.CancellationToken);
        return new Enrolment
        {
            EnrolmentId = e.Id.ToString(),
            ProjectId = e.ProjectId.ToString(),
            HouseholdId = e.HouseholdId.ToString(),
            Role = (EnrolmentRole)e.Role,
            EnrolledAt = Timestamp.FromDateTime(e.EnrolledAt),
        };
    }

    public override async Task<Benefit> RecordBenefit(RecordBenefitRequest request, ServerCallContext context) =>
        ToResponse(await payments.RecordAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<Benefit> CorrectBenefit(CorrectBenefitRequest request, ServerCallContext context) =>
        ToResponse(await payments.CorrectAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<Project> GetProject(GetProjectRequest request, ServerCallContext context)
    {
        var id = ParseId(request.ProjectId, "project_id", "a project");
        var project = await db.Projects.AsNoTracking().Include(p => p.Funds).SingleOrDefaultAsync(p => p.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Project", request.ProjectId);
        context.RegionScope().Require(project.RegionCode, "Project", request.ProjectId);
        return ToResponse(project);
    }

    public override async Task<ListProjectsResponse> ListProjects(ListProjectsRequest request, ServerCallContext context)
    {
        var v = new Validation();
        var region = request.RegionCode.Trim();
        if (region.Length > 0) v.Require(RegionCode.IsValidPrefix(region), "region_code", "must be a division code prefix of 2, 4, 6, 9 or 12 digits");
        if (request.Type != ProjectType.Unspecified) v.Require(RequestFields.Defined(request.Type), "type", "is not a known project type");
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 3);
        var (afterRegion, afterName, afterId) = (page.Text(0), page.Text(1), page.Guid(2));
        v.ThrowIfInvalid();

        // The request's region (none: every region) within the caller's scope.
        var query = context.RegionScope().Filter(db.Projects.AsNoTracking(), p => p.RegionCode);
        if (region.Length > 0) query = query.InRegion(p => p.RegionCode, region);
        if (request.Type != ProjectType.Unspecified)
        {
            var type = (Domain.ProjectType)request.Type;
            query = query.Where(p => p.Type == type);
        }
        if (!page.IsFirst)
        {
            // Strictly after (region, name, id) of the last project shown: the id breaks ties of names within a region.
            query = query.Where(p => string.Compare(p.RegionCode, afterRegion) > 0
                || (p.RegionCode == afterRegion && (string.Compare(p.Name, afterName) > 0
                    || (p.Name == afterName && p.Id.CompareTo(afterId) > 0))));
        }
        var (projects, next) = await page.ToPageAsync(
            query.OrderBy(p => p.RegionCode).ThenBy(p => p.Name).ThenBy(p => p.Id).Include(p => p.Funds),
            p => [p.RegionCode, p.Name, p.Id.ToString()], context.CancellationToken);
        var response = new ListProjectsResponse { NextPageToken = next };
        response.Projects.AddRange(projects.Select(ToResponse));
        return response;
    }

    public override async Task<ListBeneficiariesResponse> ListBeneficiaries(ListBeneficiariesRequest request, ServerCallContext context)
    {
        var v = new Validation();
        var id = v.Id(request.ProjectId, "project_id", "a project");
        var page = KeysetPage.Read(v, request.PageSize, request.PageToken, keyParts: 2);
        var (afterFirst, afterHousehold) = (page.Utc(0), page.Guid(1));
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;
        var region = await db.Projects.Where(p => p.Id == id).Select(p => p.RegionCode).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Project", request.ProjectId);
        var scope = context.RegionScope();
        scope.Require(region, "Project", request.ProjectId);

        // Households in order of their first enrolment in the project, the household id breaking ties;
        // only those of the caller's scope (a project may enrol households of a neighbouring region).
        var households = scope.FilterByHousehold(db.Enrolments.AsNoTracking().Where(e => e.ProjectId == id), db, e => e.HouseholdId)
            .GroupBy(e => e.HouseholdId)
            .Select(g => new { HouseholdId = g.Key, First = g.Min(e => e.EnrolledAt) });
        if (!page.IsFirst)
            households = households.Where(h => h.First > afterFirst || (h.First == afterFirst && h.HouseholdId.CompareTo(afterHousehold) > 0));
        var (rows, next) = await page.ToPageAsync(households.OrderBy(h => h.First).ThenBy(h => h.HouseholdId),
            h => [KeysetPage.Key(h.First), h.HouseholdId.ToString()], ct);
        var shown = rows.Select(h => h.HouseholdId).ToList();
        var enrolments = await db.Enrolments.AsNoTracking().Where(e => e.ProjectId == id && shown.Contains(e.HouseholdId)).ToListAsync(ct);
        var benefits = await db.Benefits.AsNoTracking()
            .Where(b => b.ProjectId == id && b.RevokedAt == null && shown.Contains(b.HouseholdId)).ToListAsync(ct);

        var response = new ListBeneficiariesResponse { NextPageToken = next };
        foreach (var householdId in shown)
        {
            var paid = benefits.Where(b => b.HouseholdId == householdId).ToList();
            var beneficiary = new Beneficiary
            {
                HouseholdId = householdId.ToString(),
                DividendsFen = Sum(paid, Domain.BenefitType.Dividend),
                WagesFen = Sum(paid, Domain.BenefitType.Wage),
                LandRentFen = Sum(paid, Domain.BenefitType.LandRent),
                TotalFen = paid.Sum(b => b.AmountFen),
            };
            beneficiary.Roles.AddRange(enrolments.Where(e => e.HouseholdId == householdId).Select(e => (EnrolmentRole)e.Role).Order());
            response.Beneficiaries.Add(beneficiary);
        }
        // The total of the beneficiaries the caller may see: the project's whole total for a nation-wide caller.
        response.TotalFen = await scope.FilterByHousehold(db.Benefits.Where(b => b.ProjectId == id && b.RevokedAt == null), db, b => b.HouseholdId)
            .SumAsync(b => b.AmountFen, ct);
        return response;
    }

    public override async Task<HouseholdIncome> GetHouseholdIncome(GetHouseholdIncomeRequest request, ServerCallContext context)
    {
        var id = ParseId(request.HouseholdId, "household_id", "a household");
        var ct = context.CancellationToken;
        var enrolments = await db.Enrolments.AsNoTracking().Where(e => e.HouseholdId == id).ToListAsync(ct);
        var region = await db.RegionOfHouseholdAsync(id, ct);
        if (enrolments.Count == 0 && region is null) throw new NotFoundException("Household", request.HouseholdId);
        context.RegionScope().Require(region, "Household", request.HouseholdId);
        var projectIds = enrolments.Select(e => e.ProjectId).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToListAsync(ct);
        var benefits = await db.Benefits.AsNoTracking().Where(b => b.HouseholdId == id && b.RevokedAt == null).ToListAsync(ct);

        var response = new HouseholdIncome { HouseholdId = id.ToString() };
        foreach (var project in projects.OrderBy(p => p.StartDate).ThenBy(p => p.Name))
        {
            var entry = new HouseholdProject { ProjectId = project.Id.ToString(), ProjectName = project.Name, Type = (ProjectType)project.Type };
            entry.Roles.AddRange(enrolments.Where(e => e.ProjectId == project.Id).Select(e => (EnrolmentRole)e.Role).Order());
            entry.Years.AddRange(PerYear(benefits.Where(b => b.ProjectId == project.Id)));
            response.Projects.Add(entry);
        }
        response.Years.AddRange(PerYear(benefits));
        return response;
    }

    /// <summary>A benefit's period lies in one calendar year (validated when recorded), so it counts in that year.</summary>
    private static IEnumerable<YearIncome> PerYear(IEnumerable<Domain.Benefit> benefits) =>
        benefits.GroupBy(b => b.PeriodStart.Year).OrderBy(g => g.Key).Select(g => new YearIncome
        {
            Year = g.Key,
            DividendsFen = Sum(g, Domain.BenefitType.Dividend),
            WagesFen = Sum(g, Domain.BenefitType.Wage),
            LandRentFen = Sum(g, Domain.BenefitType.LandRent),
            TotalFen = g.Sum(b => b.AmountFen),
        });

    private static long Sum(IEnumerable<Domain.Benefit> benefits, Domain.BenefitType type) =>
        benefits.Where(b => b.Type == type).Sum(b => b.AmountFen);

    private static Guid ParseId(string value, string field, string what)
    {
        var v = new Validation();
        var id = v.Id(value, field, what);
        v.ThrowIfInvalid();
        return id;
    }

    private static Project ToResponse(Domain.Project p)
    {
        var response = new Project
        {
            ProjectId = p.Id.ToString(),
            Name = p.Name,
            Type = (ProjectType)p.Type,
            OperatorName = p.OperatorName,
            OperatorKind = (OperatorKind)p.OperatorKind,
            OperatorCreditCode = p.OperatorCreditCode,
            RegionCode = p.RegionCode,
            TotalFundsFen = p.TotalFundsFen,
            StartDate = p.StartDate.Iso(),
            EndDate = p.EndDate.Iso(),
            Status = (ProjectStatus)p.Status,
            CreatedAt = Timestamp.FromDateTime(p.CreatedAt),
        };
        response.Funds.AddRange(p.Funds.OrderBy(f => f.Source).Select(f => new Fund { Source = (FundSource)f.Source, AmountFen = f.AmountFen }));
        return response;
    }

    private static Benefit ToResponse(Domain.Benefit b) => new()
    {
        BenefitId = b.Id.ToString(),
        ProjectId = b.ProjectId.ToString(),
        HouseholdId = b.HouseholdId.ToString(),
        Type = (BenefitType)b.Type,
        BenefitTypeCode = b.BenefitTypeCode,
        AmountFen = b.AmountFen,
        PeriodStart = b.PeriodStart.Iso(),
        PeriodEnd = b.PeriodEnd.Iso(),
        RequestId = b.RequestId,
        RecordedAt = Timestamp.FromDateTime(b.RecordedAt),
        Revoked = b.IsRevoked,
        CorrectsBenefitId = b.CorrectsBenefitId?.ToString() ?? "",
        ReplacedByBenefitId = b.ReplacedByBenefitId?.ToString() ?? "",
    };
}
