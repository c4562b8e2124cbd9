using Coordination.BuildingBlocks.Hosting;

namespace Coordination.Gateway;

public static class Extensions
{
    /// <summary>
    /// The single entry of the suite. Routes and clusters come from configuration (ReverseProxy):
    /// gRPC by package prefix to each service's h2c port, REST by path prefix to its HTTP/1.1 port.
    /// </summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddHostPorts();
        builder.AddTelemetry("gateway");
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapReverseProxy();
        return app;
    }
}
