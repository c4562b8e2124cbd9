namespace Coordination.Gateway.Security;

/// <summary>
/// One page to read and try every REST surface (Swagger UI, its files served from the package, no
/// network): each service's OpenAPI document, fetched through the gateway like the API it describes.
/// </summary>
public static class ApiPage
{
    public const string Path = "/api/docs";

    private static readonly (string Service, string Title)[] Documents =
    [
        ("households", "建档立卡 Household registry"), ("ledger", "帮扶台账 Aid ledger"), ("industry", "产业扶贫 Industry"),
        ("education", "教育扶贫 Education"), ("medical", "健康扶贫 Medical"), ("donors", "社会扶贫 Donors"),
    ];

    public static WebApplication UseApiPage(this WebApplication app)
    {
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = Path.TrimStart('/');
            o.DocumentTitle = "大扶贫格局 API";
            foreach (var (service, title) in Documents)
                o.SwaggerEndpoint(BuildingBlocks.Hosting.RestApiDocument.PathOf(service), title);
        });
        return app;
    }
}
