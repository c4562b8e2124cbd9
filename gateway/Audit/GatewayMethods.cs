namespace Coordination.Gateway.Audit;

/// <summary>The gateway's own calls, named like gRPC methods so the one matrix covers them too.</summary>
public static class GatewayMethods
{
    public const string ListAuditEntries = "coordination.gateway.v1.AuditLog/ListEntries";
    public const string IssueEnterpriseCredentials = "coordination.gateway.v1.Clients/IssueEnterpriseCredentials";
}
