namespace Coordination.Contracts.Events;

// Events of the household registry. They carry what other services need to act on a household
// (person ids, birth dates, schooling, health, region) and never a name or a national ID number.

public sealed record HouseholdMember(
    Guid PersonId,
    Relation Relation,
    Sex Sex,
    DateOnly BirthDate,
    HealthStatus Health,
    LabourCapacity LabourCapacity,
    SchoolingStage SchoolingStage);

/// <summary>A household was filed in the registry (建档立卡); it is version 1 of the household.</summary>
public sealed record HouseholdRegistered(
    Guid HouseholdId,
    string RegistrationNumber,
    string RegionCode,
    HouseholdStatus Status,
    IReadOnlyList<PovertyCause> PovertyCauses,
    long IncomePerCapitaFen,
    IReadOnlyList<HouseholdMember> Members,
    DateTime RegisteredAt,
    HousingCondition? Housing = null);

/// <summary>Household facts or members changed; carries the whole new state so consumers can replace theirs.</summary>
public sealed record HouseholdUpdated(
    Guid HouseholdId,
    long Version,
    string RegionCode,
    IReadOnlyList<PovertyCause> PovertyCauses,
    long IncomePerCapitaFen,
    IReadOnlyList<HouseholdMember> Members,
    DateTime UpdatedAt,
    HousingCondition? Housing = null);

/// <param name="Version">The household's version after the change; the registered household is version 1.</param>
public sealed record HouseholdStatusChanged(
    Guid HouseholdId,
    long Version,
    HouseholdStatus From,
    HouseholdStatus To,
    int? ExitYear,
    string Reason,
    string ChangedBy,
    DateTime ChangedAt);

/// <summary>
/// Two records were found to be one household; the merged one is gone and points at the survivor.
/// Its members either moved (same person id, now the survivor's) or were found to be one of the
/// survivor's people filed twice: a department that knows a linked person id should use the one it
/// is linked to from now on.
/// </summary>
public sealed record HouseholdsMerged(
    Guid SurvivingHouseholdId,
    Guid MergedHouseholdId,
    IReadOnlyList<Guid> MovedPersonIds,
    IReadOnlyList<LinkedPerson> LinkedPersons,
    string Reason,
    string MergedBy,
    DateTime MergedAt);

/// <summary>A person filed twice: <paramref name="PersonId"/> (of the merged household) is <paramref name="SamePersonAs"/>.</summary>
public sealed record LinkedPerson(Guid PersonId, Guid SamePersonAs);

public sealed record MonitoringFlagRaised(
    Guid HouseholdId,
    MonitoringCategory Category,
    string Reason,
    string RaisedBy,
    DateTime RaisedAt);

public sealed record MonitoringFlagCleared(
    Guid HouseholdId,
    MonitoringCategory Category,
    string Reason,
    string ClearedBy,
    DateTime ClearedAt);

/// <summary>
/// Another service (the ledger's 返贫 warnings) asks the registry to raise a monitoring flag; the
/// registry raises it unless it stands already, and announces it with MonitoringFlagRaised.
/// </summary>
public sealed record MonitoringFlagRequested(
    Guid HouseholdId,
    MonitoringCategory Category,
    string Reason,
    string RequestedBy,
    DateTime RequestedAt);
