using Coordination.Contracts;

namespace Coordination.Donors.Domain;

/// <summary>
/// What an active enterprise promised to give. Every kind is counted in units: fen for money,
/// items for goods, places for jobs and training; a unit is worth <see cref="UnitValueFen"/>.
/// </summary>
public sealed class Pledge
{
    private Pledge() { }

    public Guid Id { get; private set; }

    public Guid EnterpriseId { get; private set; }

    /// <summary>The caller's idempotency key, unique per enterprise.</summary>
    public string RequestId { get; private set; } = "";

    /// <summary>A digest of the request, to tell a retry from a different pledge under a reused key.</summary>
    public string RequestDigest { get; private set; } = "";

    public PledgeKind Kind { get; private set; }

    public string Title { get; private set; } = "";

    public long Quantity { get; private set; }

    public long UnitValueFen { get; private set; }

    /// <summary>Division code prefixes the pledge helps.</summary>
    public List<string> TargetRegionCodes { get; private set; } = [];

    public List<NeedCategory> Categories { get; private set; } = [];

    /// <summary>The most one household receives from this pledge, in units.</summary>
    public long PerHouseholdCap { get; private set; }

    public DateOnly ValidFrom { get; private set; }

    public DateOnly ValidUntil { get; private set; }

    /// <summary>Units not yet allocated.</summary>
    public long Remaining { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Optimistic concurrency: two matching runs cannot both take the same units.</summary>
    public long Version { get; private set; }

    /// <summary>
    /// The benefit catalogue's code the allocations are granted under: donor.&lt;kind&gt; (stackable) unless
    /// the enterprise gives a benefit the catalogue rules, e.g. education.tuition-waiver (exclusive).
    /// </summary>
    public string BenefitTypeCode { get; private set; } = "";

    public static string DefaultBenefitTypeCode(PledgeKind kind) => "donor." + kind.ToString().ToLowerInvariant();

    public static Pledge Create(
        Guid enterpriseId, string requestId, string requestDigest, PledgeKind kind, string title, long quantity, long unitValueFen,
        IEnumerable<string> targetRegionCodes, IEnumerable<NeedCategory> categories, long perHouseholdCap,
        DateOnly validFrom, DateOnly validUntil, DateTime now, string? benefitTypeCode = null) => new()
    {
        BenefitTypeCode = string.IsNullOrEmpty(benefitTypeCode) ? DefaultBenefitTypeCode(kind) : benefitTypeCode,
        Id = Guid.CreateVersion7(now),
        EnterpriseId = enterpriseId,
        RequestId = requestId,
        RequestDigest = requestDigest,
        Kind = kind,
        Title = title,
        Quantity = quantity,
        UnitValueFen = unitValueFen,
        TargetRegionCodes = targetRegionCodes.ToList(),
        Categories = categories.ToList(),
        PerHouseholdCap = perHouseholdCap,
        ValidFrom = validFrom,
        ValidUntil = validUntil,
        Remaining = quantity,
        CreatedAt = now,
        Version = 1,
    };

    public bool IsValidOn(DateOnly day) => ValidFrom <= day && day <= ValidUntil;

    public void Take(long units)
    {
        if (units <= 0 || units > Remaining) throw new InvalidOperationException($"Cannot take {units} of {Remaining} units left.");
        Remaining -= units;
        Version++;
    }

    public void GiveBack(long units)
    {
        Remaining = Math.Min(Quantity, Remaining + units);
        Version++;
    }
}
