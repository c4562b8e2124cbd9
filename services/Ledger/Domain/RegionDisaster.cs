namespace Coordination.Ledger.Domain;

/// <summary>A disaster a coordinator declared on a region (a flood, a landslide): a 返贫 warning for every household in it.</summary>
public sealed class RegionDisaster
{
    public Guid Id { get; set; }

    /// <summary>2, 4, 6, 9 or 12 digits of a region code.</summary>
    public string RegionPrefix { get; set; } = "";

    public string Reason { get; set; } = "";

    public string RaisedBy { get; set; } = "";

    public DateTime RaisedAt { get; set; }

    /// <summary>Households flagged when it was declared.</summary>
    public int HouseholdsFlagged { get; set; }

    /// <summary>Null while the disaster stands: households that come into the region meanwhile are flagged too.</summary>
    public DateTime? ClearedAt { get; set; }

    public string? ClearedBy { get; set; }

    public string FlagReason => $"Disaster in region {RegionPrefix}: {Reason}";
}
