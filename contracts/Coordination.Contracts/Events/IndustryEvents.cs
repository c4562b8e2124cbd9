namespace Coordination.Contracts.Events;

// Events of the industry service beyond the aid contract (its benefits leave as AidGranted / AidRevoked).

/// <summary>
/// A registered household took part in an industry project: a fact the needs analysis can use
/// ("a household lacking capital with no industry project").
/// </summary>
/// <param name="Role">"member", "worker" or "land-lessor".</param>
/// <param name="ProjectType">e.g. "Workshop", "SpecialtyAgriculture".</param>
public sealed record HouseholdEnrolledInProject(
    Guid EnrolmentId,
    Guid ProjectId,
    Guid HouseholdId,
    string ProjectName,
    string ProjectType,
    string Role,
    string RegionCode,
    DateTime EnrolledAt);
