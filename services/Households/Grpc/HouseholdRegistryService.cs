using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.BuildingBlocks.Security;
using Coordination.Households.Data;
using Coordination.Households.Deduplication;
using Coordination.Households.Lifecycle;
using Coordination.Households.Registration;
using Coordination.Households.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Domain = Coordination.Households.Domain;

namespace Coordination.Households.Grpc;

/// <summary>
/// The registry's calls. Every one is bounded by the caller's region scope (its token's region
/// claims): a household outside it is PermissionDenied by id and absent from lists, a write may only
/// file into the caller's regions. Consumers act for the system and are not scoped.
/// </summary>
public sealed class HouseholdRegistryService(HouseholdRegistration registration, HouseholdUpdate update, HouseholdLifecycle lifecycle, HouseholdQueries queries, UnmaskedReads unmaskedReads, HouseholdImport import,
    DuplicateReview duplicateReview, HouseholdMerge merge, PersonalDataReencryption reencryption, HouseholdsDbContext db,
    Microsoft.Extensions.Options.IOptions<Domain.FourLookOptions> fourLook, TimeProvider time)
    : HouseholdRegistry.HouseholdRegistryBase
{
    public override async Task<Household> RegisterHousehold(RegisterHouseholdRequest request, ServerCallContext context) =>
        ToResponse(await registration.RegisterAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<Household> UpdateHousehold(UpdateHouseholdRequest request, ServerCallContext context) =>
        ToResponse(await update.UpdateAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<Household> ChangeHouseholdStatus(ChangeHouseholdStatusRequest request, ServerCallContext context) =>
        ToResponse(await lifecycle.ChangeStatusAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<Household> RaiseMonitoringFlag(RaiseMonitoringFlagRequest request, ServerCallContext context) =>
        ToResponse(await lifecycle.RaiseFlagAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<Household> ClearMonitoringFlag(ClearMonitoringFlagRequest request, ServerCallContext context) =>
        ToResponse(await lifecycle.ClearFlagAsync(request, context.RegionScope(), context.CancellationToken));

    public override async Task<HouseholdHistory> GetHouseholdHistory(GetHouseholdHistoryRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.HouseholdId, out var id))
            throw new ValidationException("household_id", "must be a household id (a UUID)");
        var region = await db.Households.Where(h => h.Id == id).Select(h => h.RegionCode).SingleOrDefaultAsync(context.CancellationToken)
            ?? throw new NotFoundException("Household", request.HouseholdId);
        context.RegionScope().Require(region, "Household", request.HouseholdId);
        var entries = await db.History.AsNoTracking().Where(h => h.HouseholdId == id).ToListAsync(context.CancellationToken);
        var response = new HouseholdHistory { HouseholdId = request.HouseholdId };
        // Ordered here: ids are time-ordered (UUIDv7) and SQLite cannot order by a DateTime column on every provider alike.
        response.Entries.AddRange(entries.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new HistoryEntry
        {
            Kind = (HistoryEntryKind)e.Kind,
            From = (HouseholdStatus)(int)(e.From ?? 0),
            To = (HouseholdStatus)(int)(e.To ?? 0),
            ExitYear = e.ExitYear ?? 0,
            Category = (MonitoringCategory)(int)(e.Category ?? 0),
            Reason = e.Reason,
            By = e.By,
            At = Timestamp.FromDateTime(e.At),
            Version = e.Version ?? 0,
            RelatedHouseholdId = e.RelatedHouseholdId?.ToString() ?? "",
        }));
        return response;
    }

    public override async Task<ListHouseholdsResponse> ListHouseholds(ListHouseholdsRequest request, ServerCallContext context)
    {
        var (page, next) = await queries.ListAsync(request, context.RegionScope(), context.CancellationToken);
        var response = new ListHouseholdsResponse { NextPageToken = next };
        response.Households.AddRange(page.Select(ToResponse));
        return response;
    }

    public override async Task<ResolvedPerson> ResolveNationalId(ResolveNationalIdRequest request, ServerCallContext context)
    {
        var unmasked = unmaskedReads.Check(request.Unmasked);
        var (member, household) = await queries.ResolveAsync(request, context.RegionScope(), context.CancellationToken);
        var response = new ResolvedPerson
        {
            HouseholdId = household.Id.ToString(),
            RegistrationNumber = household.RegistrationNumber,
            HouseholdStatus = (HouseholdStatus)household.Status,
            RegionCode = household.RegionCode,
            Member = ToResponse(member),
        };
        if (unmasked is not null)
        {
            await unmaskedReads.AuditAsync(unmasked, nameof(ResolveNationalId), household.Id, [member.Id], context.CancellationToken);
            unmaskedReads.Unmask(response.Member, member);
        }
        return response;
    }

    public override Task ImportHouseholds(IAsyncStreamReader<RegisterHouseholdRequest> requestStream, IServerStreamWriter<ImportHouseholdsResponse> responseStream, ServerCallContext context) =>
        import.ImportAsync(requestStream, responseStream, context.RegionScope(), context.CancellationToken);

    /// <summary>Rotation re-encrypts every region's persons: only a nation-wide caller may run it.</summary>
    public override Task<ReencryptPersonalDataResponse> ReencryptPersonalData(ReencryptPersonalDataRequest request, ServerCallContext context)
    {
        context.RegionScope().RequireNationWide(nameof(ReencryptPersonalData));
        return reencryption.RunAsync(request, context.CancellationToken);
    }

    public override Task<ListDuplicateCandidatesResponse> ListDuplicateCandidates(ListDuplicateCandidatesRequest request, ServerCallContext context) =>
        duplicateReview.ListAsync(request, context.RegionScope(), context.CancellationToken);

    public override Task<DuplicateCandidate> DismissDuplicateCandidate(DismissDuplicateCandidateRequest request, ServerCallContext context) =>
        duplicateReview.DismissAsync(request, context.RegionScope(), context.CancellationToken);

    public override async Task<MergeHouseholdsResponse> MergeHouseholds(MergeHouseholdsRequest request, ServerCallContext context)
    {
        var result = await merge.MergeAsync(request, context.RegionScope(), context.CancellationToken);
        var response = new MergeHouseholdsResponse { Surviving = ToResponse(result.Surviving), Merged = ToResponse(result.Merged) };
        response.MovedPersonIds.AddRange(result.Moved.Select(m => m.Id.ToString()));
        response.LinkedPersonIds.AddRange(result.Linked.Select(m => m.Id.ToString()));
        return response;
    }

    public override async Task<Household> GetHousehold(GetHouseholdRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.HouseholdId, out var id))
            throw new ValidationException("household_id", "must be a household id (a UUID)");
        var unmasked = unmaskedReads.Check(request.Unmasked);
        var household = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.MonitoringFlags)
            .SingleOrDefaultAsync(h => h.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Household", request.HouseholdId);
        // Before anything of it is shown or an unmasked read audited.
        context.RegionScope().Require(household.RegionCode, "Household", request.HouseholdId);
        var response = ToResponse(household);
        if (unmasked is not null)
        {
            await unmaskedReads.AuditAsync(unmasked, nameof(GetHousehold), household.Id, household.Members.Select(m => m.Id), context.CancellationToken);
            var stored = household.Members.ToDictionary(m => m.Id.ToString());
            foreach (var member in response.Members) unmaskedReads.Unmask(member, stored[member.PersonId]);
        }
        return response;
    }

    /// <summary>Personal data leaves masked; unmasked reads need a permission and an audit (gateway security).</summary>
    private Household ToResponse(Domain.Household h)
    {
        var response = new Household
        {
            HouseholdId = h.Id.ToString(),
            RegistrationNumber = h.RegistrationNumber,
            RegionCode = h.RegionCode,
            Address = h.Address,
            Status = (HouseholdStatus)h.Status,
            IncomePerCapitaFen = h.IncomePerCapitaFen,
            AssignedHelper = h.AssignedHelper,
            RegisteredAt = Timestamp.FromDateTime(h.RegisteredAt),
            Version = h.Version,
            ExitYear = h.ExitYear ?? 0,
            UpdatedAt = Timestamp.FromDateTime(h.UpdatedAt),
            Housing = (HousingCondition)(int)(h.Housing ?? 0),
            ArableLandTenthMu = h.ArableLandTenthMu,
            MergedIntoHouseholdId = h.MergedIntoHouseholdId?.ToString() ?? "",
        };
        var assessment = Domain.FourLookAssessment.Of(h, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), fourLook.Value);
        response.Assessment = new FourLookAssessment { Score = assessment.Score };
        response.Assessment.Looks.AddRange(assessment.Looks.Select(l => new LookScore { Look = l.Look, Score = l.Score, Weight = l.Weight, Reason = l.Reason }));
        response.MonitoringFlags.AddRange(h.MonitoringFlags.Where(f => f.Active).OrderBy(f => f.Category).Select(f => new MonitoringFlag
        {
            Category = (MonitoringCategory)f.Category,
            Reason = f.Reason,
            RaisedBy = f.RaisedBy,
            RaisedAt = Timestamp.FromDateTime(f.RaisedAt),
        }));
        response.PovertyCauses.AddRange(h.PovertyCauses.Select(c => (PovertyCause)c));
        response.Members.AddRange(h.Members.OrderBy(m => m.Relation).ThenBy(m => m.BirthDate).Select(ToResponse));
        return response;
    }

    // Masked again on the way out: a row stored under an earlier, wider mask shows no more than today's.
    private Member ToResponse(Domain.Member m) => new()
    {
        PersonId = m.Id.ToString(),
        Name = PersonalDataMask.Name(m.NameMasked),
        NationalId = PersonalDataMask.NationalId(m.NationalIdMasked),
        Sex = (Sex)m.Sex,
        BirthDate = PersonalDataMask.BirthDate(m.BirthDate, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)),
        Relation = (Relation)m.Relation,
        Health = (HealthStatus)m.Health,
        LabourCapacity = (LabourCapacity)m.LabourCapacity,
        SchoolingStage = (SchoolingStage)m.SchoolingStage,
    };
}
