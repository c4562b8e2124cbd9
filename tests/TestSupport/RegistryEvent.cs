using System.Globalization;
using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Vocabulary = Coordination.Contracts;

namespace Coordination.TestSupport;

/// <summary>
/// The registry's events for a household as the registry would publish them, for tests and
/// benchmarks that feed another service (the ledger) without running the registry.
/// </summary>
public static class RegistryEvent
{
    /// <summary>A registration: the household the registry would answer (new ids, version 1) and its HouseholdRegistered.</summary>
    public static (Household Household, HouseholdRegistered Event) Registered(RegisterHouseholdRequest request)
    {
        var id = Guid.NewGuid();
        var status = request.Status == HouseholdStatus.Unspecified ? HouseholdStatus.Registered : request.Status;
        var h = new Household
        {
            HouseholdId = id.ToString(), RegionCode = request.RegionCode, Version = 1, Status = status,
            IncomePerCapitaFen = request.IncomePerCapitaFen, Housing = request.Housing,
        };
        h.PovertyCauses.AddRange(request.PovertyCauses);
        h.Members.AddRange(request.Members.Select(m => new Member
        {
            PersonId = Guid.NewGuid().ToString(), Sex = m.Sex, BirthDate = m.BirthDate, Relation = m.Relation,
            Health = m.Health, LabourCapacity = m.LabourCapacity, SchoolingStage = m.SchoolingStage,
        }));
        return (h, new HouseholdRegistered(id, "R" + id.ToString("N")[..12], h.RegionCode, (Vocabulary.HouseholdStatus)status,
            Causes(h), h.IncomePerCapitaFen, Members(h), DateTime.UtcNow, Housing(h)));
    }

    /// <summary>The household's whole state as HouseholdUpdated carries it (give the new version in <paramref name="h"/>).</summary>
    public static HouseholdUpdated Updated(Household h) =>
        new(Guid.Parse(h.HouseholdId), h.Version, h.RegionCode, Causes(h), h.IncomePerCapitaFen, Members(h), DateTime.UtcNow, Housing(h));

    private static List<Vocabulary.PovertyCause> Causes(Household h) => [.. h.PovertyCauses.Select(c => (Vocabulary.PovertyCause)c)];

    private static List<HouseholdMember> Members(Household h) => [.. h.Members.Select(m => new HouseholdMember(Guid.Parse(m.PersonId),
        (Vocabulary.Relation)m.Relation, (Vocabulary.Sex)m.Sex, DateOnly.ParseExact(m.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        (Vocabulary.HealthStatus)m.Health, (Vocabulary.LabourCapacity)m.LabourCapacity, (Vocabulary.SchoolingStage)m.SchoolingStage))];

    private static Vocabulary.HousingCondition? Housing(Household h) =>
        h.Housing == HousingCondition.Unspecified ? null : (Vocabulary.HousingCondition)h.Housing;
}
