using Microsoft.AspNetCore.Http;

namespace Coordination.BuildingBlocks.Security;

/// <summary>
/// What a service tells the gateway, which writes the audit log of every call: that a response
/// carried personal data in clear, and which record a look-up sought (a keyed hash, never the value).
/// </summary>
public static class AuditHeaders
{
    public const string Name = "x-coordination-audit";
    public const string UnmaskedRead = "unmasked-read";
    public const string Record = "x-coordination-audit-record";

    /// <summary>Set before the answer is known, so a look-up that finds nothing is logged with what it sought.</summary>
    public static void MarkRecord(HttpContext? context, string record)
    {
        if (context is not null) context.Response.Headers[Record] = record;
    }
}
