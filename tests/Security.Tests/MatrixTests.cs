using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Coordination.BuildingBlocks.Security;
using Coordination.TestSupport;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// Acceptance 1: every role (and no token at all) × every method of the contracts, over gRPC and
/// over REST, through the gateway: allowed or denied exactly as access-policy.json says. "Denied" is
/// Unauthenticated/401 or PermissionDenied/403; "allowed" is any other answer (the empty requests
/// mostly end in InvalidArgument or NotFound, which proves the call reached the service).
/// </summary>
[Collection(SecuredSuiteCollection.Name)]
public class MatrixTests(SecuredSuite suite)
{
    /// <summary>The enterprise caller's own enterprise: used for every id, so the donors' ownership check does not get in the way.</summary>
    private static readonly Guid OwnEnterprise = Guid.NewGuid();

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    public static TheoryData<string?> Callers() => new([null, .. Roles.All]);

    public static IEnumerable<MethodDescriptor> ContractMethods() =>
        typeof(Coordination.Households.V1.HouseholdRegistry).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .SelectMany(p => ((FileDescriptor)p!.GetValue(null)!).Services)
            .SelectMany(s => s.Methods);

    private static TestCaller? CallerFor(string? role) => role switch
    {
        null => null,
        Roles.Enterprise => TestCaller.Enterprise(OwnEnterprise, "matrix-enterprise"),
        _ => new TestCaller("matrix-" + role, [role]),
    };

    private static bool Expected(string method, string? role) =>
        SecuredSuite.Policy.IsAnonymous(method) || (role is not null && SecuredSuite.Policy.RolesFor(method).Contains(role));

    [RabbitMqTheory]
    [MemberData(nameof(Callers))]
    public async Task Every_gRPC_method_is_allowed_or_denied_for_the_role_as_configured(string? role)
    {
        using var channel = suite.GatewayChannel(CallerFor(role));
        var invoker = channel.CreateCallInvoker();
        var wrong = new List<string>();
        var methods = ContractMethods().ToList();
        Assert.True(methods.Count > 40, "the contracts' methods were not found");
        foreach (var method in methods)
        {
            var name = $"{method.Service.FullName}/{method.Name}";
            // The donors' requests start with the enterprise id (field 1): the enterprise's own.
            var body = method.Service.FullName.StartsWith("coordination.donors.", StringComparison.Ordinal) ? Field1(OwnEnterprise.ToString()) : [];
            var status = await CallAsync(invoker, method, body);
            var allowed = status is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied);
            if (role is null && !Expected(name, role) && status != StatusCode.Unauthenticated)
                wrong.Add($"{name}: anonymous got {status}, expected Unauthenticated");
            else if (allowed != Expected(name, role))
                wrong.Add($"{name}: {role ?? "anonymous"} got {status}, expected {(Expected(name, role) ? "allowed" : "denied")}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong) + "\n" + suite.Logs());
    }

    [RabbitMqTheory]
    [MemberData(nameof(Callers))]
    public async Task Every_REST_route_is_allowed_or_denied_for_the_role_as_configured(string? role)
    {
        using var http = suite.GatewayHttp(CallerFor(role));
        var wrong = new List<string>();
        var routes = RestRoutes.FromContracts().All.ToList();
        Assert.True(routes.Count > 30, "the contracts' REST routes were not found");
        foreach (var (verb, template, method) in routes)
        {
            var path = Regex.Replace(template, @"\{[^}]*\}", OwnEnterprise.ToString());
            using var request = new HttpRequestMessage(new HttpMethod(verb), path);
            if (verb is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await http.SendAsync(request);
            var status = response.StatusCode;
            var allowed = status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
            if (role is null && !Expected(method, role) && status != HttpStatusCode.Unauthorized)
                wrong.Add($"{verb} {template} ({method}): anonymous got {(int)status}, expected 401");
            else if (allowed != Expected(method, role))
                wrong.Add($"{verb} {template} ({method}): {role ?? "anonymous"} got {(int)status}, expected {(Expected(method, role) ? "allowed" : "denied")}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong) + "\n" + suite.Logs());
    }

    /// <summary>Names that routing may find but that are not a contract method's exact name.</summary>
    private static IEnumerable<(string Service, string Method)> CaseVariants(MethodDescriptor m) =>
    [
        (m.Service.FullName, char.ToLowerInvariant(m.Name[0]) + m.Name[1..]),
        (m.Service.FullName, m.Name.ToUpperInvariant()),
        (m.Service.FullName.ToUpperInvariant(), m.Name),
    ];

    private static bool Denied(StatusCode status) => status is StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.Unimplemented;

    [RabbitMqTheory]
    [MemberData(nameof(Callers))]
    public async Task A_case_variant_of_a_gRPC_method_s_name_is_unimplemented_at_the_gateway(string? role)
    {
        using var channel = suite.GatewayChannel(CallerFor(role));
        var invoker = channel.CreateCallInvoker();
        var wrong = new List<string>();
        foreach (var method in ContractMethods())
            foreach (var (service, name) in CaseVariants(method))
            {
                var status = await CallAsync(invoker, method, [], service, name);
                if (status != StatusCode.Unimplemented) wrong.Add($"{service}/{name}: {role ?? "anonymous"} got {status}, expected Unimplemented");
            }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong) + "\n" + suite.Logs());
    }

    [RabbitMqTheory]
    [MemberData(nameof(Callers))]
    public async Task A_case_variant_of_a_gRPC_method_s_name_gets_no_further_than_the_name_at_the_service_itself(string? role)
    {
        var wrong = new List<string>();
        foreach (var group in ContractMethods().GroupBy(m => m.Service.FullName.Split('.')[1]))
        {
            using var channel = suite.Processes[group.Key].Channel(CallerFor(role));
            var invoker = channel.CreateCallInvoker();
            foreach (var method in group)
            {
                var body = method.Service.FullName.StartsWith("coordination.donors.", StringComparison.Ordinal) ? Field1(OwnEnterprise.ToString()) : [];
                var canonical = await CallAsync(invoker, method, body);
                foreach (var (service, name) in CaseVariants(method))
                {
                    var status = await CallAsync(invoker, method, body, service, name);
                    if (Denied(canonical) && !Denied(status))
                        wrong.Add($"{service}/{name}: {role ?? "anonymous"} got {status} where {method.Name} is {canonical}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong) + "\n" + suite.Logs());
    }

    [RabbitMqTheory]
    [MemberData(nameof(Callers))]
    public async Task A_case_variant_of_a_REST_path_gets_no_further_than_the_path(string? role)
    {
        using var http = suite.GatewayHttp(CallerFor(role));
        var wrong = new List<string>();
        foreach (var (verb, template, method) in RestRoutes.FromContracts().All)
        {
            var path = Regex.Replace(template, @"\{[^}]*\}", OwnEnterprise.ToString());
            // "/api/v1/households/..." as "/API/V1/Households/...": the same route to a case-insensitive router.
            var variant = "/" + string.Join('/', path.TrimStart('/').Split('/').Select((p, i) => i < 3 ? p.ToUpperInvariant() : p));
            var (canonical, status) = (await SendAsync(http, verb, path), await SendAsync(http, verb, variant));
            var denied = (HttpStatusCode s) => s is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
            if (denied(canonical) && !denied(status))
                wrong.Add($"{verb} {variant} ({method}): {role ?? "anonymous"} got {(int)status} where the path got {(int)canonical}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong) + "\n" + suite.Logs());
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, string verb, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(verb), path);
        if (verb is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [RabbitMqFact]
    public async Task The_matrix_holds_in_the_service_itself_not_only_at_the_gateway()
    {
        // An industry department calling the households registry's write directly on the service's port.
        using var channel = suite.Processes["households"].Channel(new TestCaller("direct-industry", [Roles.DepartmentIndustry]));
        var registry = new Coordination.Households.V1.HouseholdRegistry.HouseholdRegistryClient(channel);
        var denied = await Assert.ThrowsAsync<RpcException>(() => registry.RegisterHouseholdAsync(People.Family()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        // ...while its read of the registry's resolve call is allowed (answered NotFound for an unknown number).
        var resolve = await Assert.ThrowsAsync<RpcException>(() => registry.ResolveNationalIdAsync(
            new Coordination.Households.V1.ResolveNationalIdRequest { NationalId = People.NationalId(new DateOnly(1980, 1, 1), Coordination.Households.V1.Sex.Male) }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, resolve.StatusCode);
    }

    private static async Task<StatusCode> CallAsync(CallInvoker invoker, MethodDescriptor descriptor, byte[] body, string? service = null, string? name = null)
    {
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var method = new Method<byte[], byte[]>(type, service ?? descriptor.Service.FullName, name ?? descriptor.Name, Raw, Raw);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, body);
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }
                    break;
                case MethodType.DuplexStreaming:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
                    }
                    break;
                default:
                    throw new NotSupportedException($"{descriptor.FullName}: no such method in the contracts yet");
            }
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    /// <summary>A protobuf message whose field 1 is the given string.</summary>
    private static byte[] Field1(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [0x0A, (byte)bytes.Length, .. bytes];
    }
}
