using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Coordination.Education.Data;
using Coordination.Education.V1;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Education.Grpc;

public sealed class EducationAidService(EducationDbContext db) : EducationAid.EducationAidBase
{
    public override async Task<KnownHousehold> GetKnownHousehold(GetKnownHouseholdRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.HouseholdId, out var id))
            throw new ValidationException("household_id", "must be a household id (a UUID)");
        var household = await db.Households.AsNoTracking().Include(h => h.Members)
            .SingleOrDefaultAsync(h => h.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Household", request.HouseholdId);

        var response = new KnownHousehold
        {
            HouseholdId = household.Id.ToString(),
            RegionCode = household.RegionCode,
            Status = household.Status.ToString(),
        };
        response.Members.AddRange(household.Members.OrderBy(m => m.BirthDate).Select(m => new KnownMember
        {
            PersonId = m.Id.ToString(),
            BirthDate = m.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            SchoolingStage = m.SchoolingStage.ToString(),
            Relation = m.Relation.ToString(),
        }));
        return response;
    }
}
