using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi.Models;

namespace Coordination.BuildingBlocks.Hosting;

/// <summary>
/// A service's REST API as an OpenAPI document, generated from its protos' HTTP annotations and
/// comments (the very routes JSON transcoding serves), under the service's REST prefix so the
/// gateway routes it like the API it describes, and anyone may read it.
/// </summary>
public static class RestApiDocument
{
    public static string PathOf(string serviceName) => $"/api/v1/{serviceName}/openapi/v1.json";

    public static WebApplicationBuilder AddRestApiDocument(this WebApplicationBuilder builder, string title, string description)
    {
        builder.Services.AddGrpcSwagger();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo { Title = title, Version = "v1", Description = description });
            // Every call but the anonymous ones needs the caller's access token (POST /connect/token at the gateway).
            var bearer = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "bearer" },
            };
            o.AddSecurityDefinition("bearer", bearer);
            o.AddSecurityRequirement(new OpenApiSecurityRequirement { [bearer] = [] });
        });
        return builder;
    }

    public static WebApplication MapRestApiDocument(this WebApplication app, string serviceName)
    {
        app.UseSwagger(o => o.RouteTemplate = PathOf(serviceName).TrimStart('/').Replace("v1.json", "{documentName}.json", StringComparison.Ordinal));
        return app;
    }
}
