using Coordination.Contracts;

namespace Coordination.Donors.Domain;

/// <summary>
/// Units of a pledge reserved for a household's need, with the reason it was chosen. Its id is the
/// grant id of the AidGranted published on delivery, so the ledger recognises a redelivery.
/// </summary>
public sealed class Allocation
{
    private Allocation() { }

    public Guid Id { get; private set; }

    public Guid PledgeId { get; private set; }

    public Guid EnterpriseId { get; private set; }

    public Guid NeedId { get; private set; }

    public Guid HouseholdId { get; private set; }

    public Guid? PersonId { get; private set; }

    public string RegionCode { get; private set; } = "";

    public NeedCategory Category { get; private set; }

    public long Quantity { get; private set; }

    /// <summary>The pledge's benefit code and period: what the AidGranted of its delivery will say, and what the rules judged.</summary>
    public string BenefitTypeCode { get; private set; } = "";

    public DateOnly PeriodStart { get; private set; }

    public DateOnly PeriodEnd { get; private set; }

    public long ValueFen { get; private set; }

    public AllocationStatus Status { get; private set; }

    public string Explanation { get; private set; } = "";

    public DateTime AllocatedAt { get; private set; }

    public DateTime? DeliveredAt { get; private set; }

    public DateTime? CancelledAt { get; private set; }

    public static Allocation Create(Pledge pledge, OpenNeed need, long quantity, string explanation, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PledgeId = pledge.Id,
        EnterpriseId = pledge.EnterpriseId,
        NeedId = need.Id,
        HouseholdId = need.HouseholdId,
        PersonId = need.PersonId,
        RegionCode = need.RegionCode,
        Category = need.Category,
        Quantity = quantity,
        BenefitTypeCode = pledge.BenefitTypeCode,
        PeriodStart = pledge.ValidFrom,
        PeriodEnd = pledge.ValidUntil,
        ValueFen = checked(quantity * pledge.UnitValueFen),
        Status = AllocationStatus.Allocated,
        Explanation = explanation,
        AllocatedAt = now,
    };

    /// <returns>False when it was delivered before (a retried call): nothing changes, nothing is published again.</returns>
    public bool Deliver(DateTime now)
    {
        if (Status == AllocationStatus.Delivered) return false;
        if (Status == AllocationStatus.Cancelled)
            throw new BuildingBlocks.Domain.RuleViolationException("allocation.cancelled",
                "The allocation was cancelled because its need closed before delivery; its units went back to the pledge.");
        Status = AllocationStatus.Delivered;
        DeliveredAt = now;
        return true;
    }

    public bool CancelIfUndelivered(DateTime now)
    {
        if (Status != AllocationStatus.Allocated) return false;
        Status = AllocationStatus.Cancelled;
        CancelledAt = now;
        return true;
    }

    /// <summary>What a donor may see of a household: enough to tell households apart, not to find one.</summary>
    public static string MaskHousehold(Guid householdId)
    {
        var n = householdId.ToString("N");
        return string.Concat(n.AsSpan(0, 4), "************************", n.AsSpan(28, 4));
    }
}
