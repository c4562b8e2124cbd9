using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;

namespace Coordination.BuildingBlocks.Security;

/// <summary>
/// Which gRPC method a REST call reaches, read from the google.api.http annotations of the
/// contracts: the same table JSON transcoding serves, so the gateway judges a REST call by the
/// matrix entry of its gRPC method and the two can never drift apart. It also knows every gRPC
/// method's exact name: the gateway serves no other path.
/// </summary>
public sealed class RestRoutes
{
    private readonly List<(string Verb, Regex Path, string Method, int Literals, string Template)> _routes = [];
    private readonly HashSet<string> _grpcMethods = new(StringComparer.Ordinal);

    public static RestRoutes FromContracts() => From(typeof(Coordination.Households.V1.HouseholdRegistry).Assembly);

    public static RestRoutes From(Assembly contracts)
    {
        var routes = new RestRoutes();
        var files = contracts.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!);
        foreach (var file in files)
            foreach (var service in file.Services)
                foreach (var method in service.Methods)
                {
                    routes._grpcMethods.Add($"{service.FullName}/{method.Name}");
                    if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule) continue;
                    var name = $"{service.FullName}/{method.Name}";
                    routes.Add(rule, name);
                    foreach (var binding in rule.AdditionalBindings) routes.Add(binding, name);
                }
        routes._routes.Sort((a, b) => b.Literals.CompareTo(a.Literals));
        return routes;
    }

    /// <summary>Every REST route of the contracts: verb, path template, the gRPC method it reaches.</summary>
    public IEnumerable<(string Verb, string Template, string Method)> All => _routes.Select(r => (r.Verb, r.Template, r.Method));

    /// <summary>
    /// The gRPC method a call's path names, only if it names one exactly ("/package.Service/Method"):
    /// a service's router finds a method whatever the case of its name, so a variant is no method here.
    /// </summary>
    public string? GrpcMethod(string path) => _grpcMethods.Contains(path.TrimStart('/')) ? path.TrimStart('/') : null;

    /// <summary>The gRPC method ("package.Service/Method") a REST request reaches, or null.</summary>
    public string? Find(string verb, string path)
    {
        foreach (var route in _routes)
            if (string.Equals(route.Verb, verb, StringComparison.OrdinalIgnoreCase) && route.Path.IsMatch(path)) return route.Method;
        return null;
    }

    private void Add(HttpRule rule, string method)
    {
        var (verb, template) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
            HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
            HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
            HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
            HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
            HttpRule.PatternOneofCase.Custom => (rule.Custom.Kind, rule.Custom.Path),
            _ => ("", ""),
        };
        if (template.Length == 0) return;
        var (regex, literals) = ToRegex(template);
        _routes.Add((verb, regex, method, literals, template));
    }

    /// <summary>"/api/v1/donors/enterprises/{id}:approve" → ^/api/v1/donors/enterprises/[^/]+:approve$</summary>
    private static (Regex, int) ToRegex(string template)
    {
        var pattern = new StringBuilder("^");
        var literals = 0;
        for (var i = 0; i < template.Length;)
        {
            if (template[i] == '{')
            {
                var end = template.IndexOf('}', i);
                var variable = template[(i + 1)..end];
                var equals = variable.IndexOf('=');
                var segments = equals < 0 ? "*" : variable[(equals + 1)..];
                pattern.Append(string.Join("/", segments.Split('/').Select(s => s switch
                {
                    "**" => ".+",
                    "*" => "[^/]+",
                    _ => Regex.Escape(s),
                })));
                i = end + 1;
            }
            else
            {
                pattern.Append(Regex.Escape(template[i].ToString()));
                literals++;
                i++;
            }
        }
        return (new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant), literals);
    }
}
