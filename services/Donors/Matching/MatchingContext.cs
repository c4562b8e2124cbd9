using Coordination.BuildingBlocks.Aid;
using Coordination.Donors.Domain;

namespace Coordination.Donors.Matching;

/// <summary>What the matcher needs to know beyond the pledges and the needs.</summary>
/// <param name="AidReceivedFen">Per household: the value of the aid it has received or been allocated so far.</param>
/// <param name="Existing">The allocations already made and not cancelled.</param>
/// <param name="PairedVillages">Per enterprise: the villages it is paired with (结对帮扶).</param>
/// <param name="Held">The benefits households hold (grants of any grantor not revoked, allocations not cancelled), for the catalogue's rules.</param>
/// <param name="Catalogue">The benefit catalogue; the one shipped with the service when null.</param>
public sealed record MatchingContext(
    IReadOnlyDictionary<Guid, long> AidReceivedFen,
    IReadOnlyCollection<Allocation> Existing,
    IReadOnlyDictionary<Guid, IReadOnlySet<string>> PairedVillages,
    DateOnly Today,
    DateTime Now,
    IReadOnlyCollection<HeldBenefit>? Held = null,
    BenefitCatalogue? Catalogue = null);
