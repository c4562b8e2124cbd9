using Coordination.BuildingBlocks.Security;
using Coordination.Donors.V1;
using Coordination.Gateway.Audit;
using Grpc.Core;
using Grpc.Net.Client;
using OpenIddict.Abstractions;

namespace Coordination.Gateway.Security;

/// <summary>
/// How an approved enterprise receives its client credentials: a coordinator asks the gateway for
/// them; the gateway checks with the donors service (forwarding the coordinator's own token) that
/// the enterprise is approved or active, creates the client "enterprise-&lt;id&gt;" with the enterprise
/// role and the enterprise's id in its tokens, and returns the secret once (only its hash is kept).
/// Asking again replaces the secret: the way to rotate a leaked one.
/// </summary>
public static class EnterpriseCredentials
{
    public const string Path = "/api/v1/gateway/enterprises/{enterpriseId}/credentials";

    public static void Map(WebApplication app) =>
        app.MapPost(Path, async (string enterpriseId, HttpContext http, AccessPolicy policy, IOpenIddictApplicationManager applications,
            IConfiguration configuration, AuditLog audit) =>
        {
            if (GatewayAccess.Deny(http, policy, GatewayMethods.IssueEnterpriseCredentials) is { } denied) return denied;
            if (!Guid.TryParse(enterpriseId, out var id))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "enterprise_id must be a UUID.");

            var donors = configuration["ReverseProxy:Clusters:donors-grpc:Destinations:primary:Address"]
                ?? throw new InvalidOperationException("The donors service's address is not configured.");
            using var channel = GrpcChannel.ForAddress(donors);
            Enterprise enterprise;
            try
            {
                enterprise = await new DonorEnterprises.DonorEnterprisesClient(channel).GetEnterpriseAsync(
                    new GetEnterpriseRequest { EnterpriseId = id.ToString() },
                    new Metadata { { "authorization", http.Request.Headers.Authorization.ToString() } }, cancellationToken: http.RequestAborted);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such enterprise.");
            }
            if (enterprise.Status is not (EnterpriseStatus.Approved or EnterpriseStatus.Active))
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Only an approved enterprise receives client credentials.");

            var client = new ClientDefinition
            {
                ClientId = $"enterprise-{id:N}",
                ClientSecret = TokenServer.NewSecret(),
                Roles = [Roles.Enterprise],
                EnterpriseId = id,
            };
            if (await applications.FindByClientIdAsync(client.ClientId, http.RequestAborted) is { } existing)
                await applications.DeleteAsync(existing, http.RequestAborted);
            await applications.CreateAsync(TokenServer.Describe(client), http.RequestAborted);
            await audit.RecordAsync(http, AuditEntry.Write, GatewayMethods.IssueEnterpriseCredentials, grpc: false);
            return Results.Ok(new { clientId = client.ClientId, clientSecret = client.ClientSecret, enterpriseId = id });
        });
}
