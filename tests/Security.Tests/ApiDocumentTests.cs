using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.BuildingBlocks.Security;
using Coordination.TestSupport;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// Every REST surface has its OpenAPI document, read anonymously through the gateway, naming every
/// route JSON transcoding serves for that service; one page at the gateway lists them all.
/// </summary>
[Collection(SecuredSuiteCollection.Name)]
public partial class ApiDocumentTests(SecuredSuite suite)
{
    public static TheoryData<string> Services => [.. SecuredSuite.ServiceNames];

    [RabbitMqTheory]
    [MemberData(nameof(Services))]
    public async Task Each_service_s_document_names_every_REST_route_it_serves(string service)
    {
        using var anonymous = suite.GatewayHttpWithToken(null);
        var response = await anonymous.GetAsync($"/api/v1/{service}/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        using var document = JsonDocument.Parse(text);
        var paths = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(verb => (Verb: verb.Name.ToUpperInvariant(), Path: Shape(p.Name))))
            .ToHashSet();
        var routes = RestRoutes.FromContracts().All.Where(r => r.Method.StartsWith($"coordination.{service}.v1.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(routes);
        Assert.All(routes, r => Assert.Contains((r.Verb.ToUpperInvariant(), Shape(r.Template)), paths));
        // Calls need a token: the document says so, so the page can send one.
        Assert.True(document.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("bearer", out _));
    }

    [RabbitMqFact]
    public async Task The_gateway_s_API_page_lists_every_document_and_needs_no_network()
    {
        using var anonymous = suite.GatewayHttpWithToken(null);
        var page = await anonymous.GetStringAsync("/api/docs/index.html");
        Assert.Contains("大扶贫格局 API", page);
        var config = await anonymous.GetStringAsync("/api/docs/index.js");
        Assert.All(SecuredSuite.ServiceNames, s => Assert.Contains($"/api/v1/{s}/openapi/v1.json", config));
        // The page's scripts come from the gateway itself, not from a CDN.
        Assert.DoesNotMatch(ExternalScript(), page);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/docs/swagger-ui-bundle.js")).StatusCode);
    }

    /// <summary>A path with its parameters' names taken out ("/a/{household_id}:b" → "/a/{}:b"): the document may spell them in camel case.</summary>
    private static string Shape(string path) => Parameter().Replace(path, "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"<script[^>]+src=""https?://")]
    private static partial Regex ExternalScript();
}
