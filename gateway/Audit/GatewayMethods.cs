namespace Coordination.Gateway.Audit;

/// <summary>The gateway's own calls, named like gRPC methods so the one matrix covers them too.</summary>
public static class GatewayMethods
{
    public const string ListAuditEntries = "coordination.gateway.v1.AuditLog/ListEntries";
    public const string IssueEnterpriseCredentials = "coordination.gateway.v1.Clients/IssueEnterpriseCredentials";
    public const string CreateAccount = "coordination.gateway.v1.Accounts/CreateAccount";
    public const string ResetPassword = "coordination.gateway.v1.Accounts/ResetPassword";
    public const string DisableAccount = "coordination.gateway.v1.Accounts/DisableAccount";
    public const string EnableAccount = "coordination.gateway.v1.Accounts/EnableAccount";
    public const string ChangeOwnPassword = "coordination.gateway.v1.Accounts/ChangeOwnPassword";
}
