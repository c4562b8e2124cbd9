namespace Coordination.BuildingBlocks.Security;

/// <summary>
/// A service marks a response that carried personal data in clear; the gateway, which writes the
/// audit log of every call, then records the call as an unmasked read.
/// </summary>
public static class AuditHeaders
{
    public const string Name = "x-coordination-audit";
    public const string UnmaskedRead = "unmasked-read";
}
