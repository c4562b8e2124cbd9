using Coordination.BuildingBlocks.Domain;
using Coordination.Households.Data;
using Coordination.Households.Registration;
using Coordination.Households.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Domain = Coordination.Households.Domain;

namespace Coordination.Households.Grpc;

public sealed class HouseholdRegistryService(HouseholdRegistration registration, HouseholdUpdate update, HouseholdsDbContext db)
    : HouseholdRegistry.HouseholdRegistryBase
{
    public override async Task<Household> RegisterHousehold(RegisterHouseholdRequest request, ServerCallContext context) =>
        ToResponse(await registration.RegisterAsync(request, context.CancellationToken));

    public override async Task<Household> UpdateHousehold(UpdateHouseholdRequest request, ServerCallContext context) =>
        ToResponse(await update.UpdateAsync(request, context.CancellationToken));

    public override async Task<Household> GetHousehold(GetHouseholdRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.HouseholdId, out var id))
            throw new ValidationException("household_id", "must be a household id (a UUID)");
        var household = await db.Households.AsNoTracking().Include(h => h.Members)
            .SingleOrDefaultAsync(h => h.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Household", request.HouseholdId);
        return ToResponse(household);
    }

    /// <summary>Personal data leaves masked; unmasked reads need a permission and an audit (gateway security).</summary>
    private static Household ToResponse(Domain.Household h)
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
        };
        response.PovertyCauses.AddRange(h.PovertyCauses.Select(c => (PovertyCause)c));
        response.Members.AddRange(h.Members.OrderBy(m => m.Relation).ThenBy(m => m.BirthDate).Select(m => new Member
        {
            PersonId = m.Id.ToString(),
            Name = m.NameMasked,
            NationalId = m.NationalIdMasked,
            Sex = (Sex)m.Sex,
            BirthDate = m.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Relation = (Relation)m.Relation,
            Health = (HealthStatus)m.Health,
            LabourCapacity = (LabourCapacity)m.LabourCapacity,
            SchoolingStage = (SchoolingStage)m.SchoolingStage,
        }));
        return response;
    }
}
