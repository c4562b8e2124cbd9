namespace Coordination.BuildingBlocks.Audit;

/// <summary>
/// One record a caller changed, kept by the service that changed it in the same transaction as the
/// change: no change without its row, no row without its change. It names the caller (client and
/// subject of the access token), the gRPC method (REST calls by the method they reach) and the
/// record (entity type and key), never its content.
/// </summary>
public sealed class AuditRecord
{
    public Guid Id { get; set; }

    public DateTime At { get; set; }

    public string ClientId { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Method { get; set; } = "";

    /// <summary>The entity type ("Household", "AidGrant", ...).</summary>
    public string RecordType { get; set; } = "";

    /// <summary>The record's key; a composite key's parts joined by commas.</summary>
    public string RecordId { get; set; } = "";

    /// <summary>"added", "modified" or "deleted".</summary>
    public string Change { get; set; } = "";

    public string TraceId { get; set; } = "";
}
