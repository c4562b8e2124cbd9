using Coordination.Contracts;

namespace Coordination.Donors.Domain;

/// <summary>
/// A grant from the aid contract (AidGranted), with its value, until AidRevoked: the aid a household
/// received from anyone, learnt from the ledger's events, never read from its database.
/// </summary>
public sealed class ReceivedGrant
{
    public Guid GrantId { get; set; }

    public Guid HouseholdId { get; set; }

    /// <summary>The member it was for; null for the household as a whole.</summary>
    public Guid? PersonId { get; set; }

    /// <summary>The code of the benefit catalogue, so matching can keep its rules (exclusive benefits).</summary>
    public string BenefitTypeCode { get; set; } = "";

    /// <summary>A department ("education") or an enterprise's credit code.</summary>
    public string GrantorCode { get; set; } = "";

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    /// <summary>Cash plus the valuation of what was given in kind.</summary>
    public long ValueFen { get; set; }

    public GrantorKind GrantorKind { get; set; }

    public DateTime GrantedAt { get; set; }

    /// <summary>Set by AidRevoked; a revocation that overtakes its grant leaves a revoked row.</summary>
    public DateTime? RevokedAt { get; set; }
}
