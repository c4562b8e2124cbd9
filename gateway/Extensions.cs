using Coordination.BuildingBlocks.Hosting;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.Security;
using Coordination.Gateway.Audit;
using Coordination.Gateway.Data;
using Coordination.Gateway.Data.Migrations.PostgreSql;
using Coordination.Gateway.Data.Migrations.Sqlite;
using Coordination.Gateway.Data.Migrations.SqlServer;
using Coordination.Gateway.People;
using Coordination.Gateway.Security;

namespace Coordination.Gateway;

public static class Extensions
{
    /// <summary>
    /// The single entry of the suite. Routes and clusters come from configuration (ReverseProxy):
    /// gRPC by package prefix to each service's h2c port, REST by path prefix to its HTTP/1.1 port.
    /// Before a call is proxied: token requests and anonymous calls are rate-limited by address
    /// (before any authentication), its token is validated, its client's rate limit applied and the
    /// route/role matrix consulted; writes and unmasked reads are audited. The gateway also hosts the
    /// token server (OAuth2 client credentials for clients, code flow with PKCE for people) with its
/// clients and person accounts in the gateway's own database.
    /// </summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddHostPorts();
        builder.AddTelemetry("gateway");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddServiceSecurity();
        builder.AddServiceDbContext<GatewayDbContext, SqliteGatewayDbContext, PostgreSqlGatewayDbContext, SqlServerGatewayDbContext>("gateway");
        builder.AddTokenServer();
        builder.AddPeople();
        builder.AddGatewayRateLimits();
        builder.AddForwardedHeadersFromKnownProxies();
        builder.Services.AddSingleton(RestRoutes.FromContracts());
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<RateLimits.OnEveryRoute>();
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseForwardedHeadersFromKnownProxies();
        app.UseMiddleware<FrontDoorRateLimiter>();
        app.UseAuthentication();
        app.UseAntiforgery();
        app.UseRateLimiter();
        app.MapHealthEndpoints();
        TokenServer.MapTokenEndpoint(app);
        AuditLog.MapAuditLog(app);
        EnterpriseCredentials.Map(app);
        PeopleSignIn.MapPeople(app);
        app.UseApiPage();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<GatewayAccessMiddleware>();
            // A custom pipeline must name YARP's own steps: without this a cluster's destinations are chosen at random.
            proxy.UseLoadBalancing();
        });
        return app;
    }
}
