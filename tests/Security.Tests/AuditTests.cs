using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Coordination.BuildingBlocks.Security;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Xunit;

namespace Coordination.Security.Tests;

/// <summary>
/// Acceptance 5: a write and an unmasked read through the gateway are in the audit log with the
/// client, the subject, the time and the trace id; auditors can query it, others cannot; neither the
/// log nor the gateway's database holds a raw ID number.
/// </summary>
[Collection(SecuredSuiteCollection.Name)]
public class AuditTests(SecuredSuite suite)
{
    [RabbitMqFact]
    public async Task Writes_and_unmasked_reads_are_audited_with_client_subject_time_and_trace_and_no_raw_ID_number()
    {
        var officer = new TestCaller("audit-officer-" + Guid.NewGuid().ToString("N")[..8], [Roles.Coordinator]).Unmasked();
        using var channel = suite.GatewayChannel(officer);
        var registry = new HouseholdRegistry.HouseholdRegistryClient(channel);
        var started = DateTime.UtcNow.AddSeconds(-5);

        var request = People.Family();
        var registered = await registry.RegisterHouseholdAsync(request);
        await registry.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = registered.HouseholdId }); // masked: a read, not audited
        var unmasked = await registry.GetHouseholdAsync(new GetHouseholdRequest
        {
            HouseholdId = registered.HouseholdId, Unmasked = new UnmaskedRead { RequestedBy = "县扶贫办 王五", Purpose = "核对" },
        });
        Assert.Contains(unmasked.Members, m => m.NationalId == request.Members[0].NationalId);
        using var officerHttp = suite.GatewayHttp(officer);
        var restRead = await officerHttp.PostAsJsonAsync("/api/v1/households/persons:resolve", new
        {
            nationalId = request.Members[1].NationalId, unmasked = new { requestedBy = "县扶贫办 王五", purpose = "核对" },
        });
        Assert.Equal(HttpStatusCode.OK, restRead.StatusCode);

        using var auditor = suite.GatewayHttp(new TestCaller("auditor-1", [Roles.Auditor]));
        var response = await auditor.GetAsync($"/api/v1/gateway/audit/entries?clientId={officer.ClientId}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        var entries = JsonDocument.Parse(text).RootElement.GetProperty("entries").EnumerateArray().ToList();

        Assert.Equal(
            [("unmasked-read", "coordination.households.v1.HouseholdRegistry/GetHousehold", "grpc", "OK"),
             ("unmasked-read", "coordination.households.v1.HouseholdRegistry/ResolveNationalId", "rest", "200"),
             ("write", "coordination.households.v1.HouseholdRegistry/RegisterHousehold", "grpc", "OK")],
            entries.Select(e => (S(e, "kind"), S(e, "method"), S(e, "transport"), S(e, "outcome"))).Order().ToList());
        Assert.All(entries, e =>
        {
            Assert.Equal(officer.ClientId, S(e, "clientId"));
            Assert.Equal(officer.ClientId, S(e, "subject"));
            Assert.Matches("^[0-9a-f]{32}$", S(e, "traceId"));
            Assert.InRange(e.GetProperty("at").GetDateTime().ToUniversalTime(), started, DateTime.UtcNow.AddSeconds(5));
        });

        // Paged like every list: one entry a page, to the end, each once; a token not given out is a 400.
        var (paged, token) = (new List<string>(), "");
        do
        {
            var page = JsonDocument.Parse(await auditor.GetStringAsync($"/api/v1/gateway/audit/entries?clientId={officer.ClientId}&pageSize=1&pageToken={Uri.EscapeDataString(token)}")).RootElement;
            paged.AddRange(page.GetProperty("entries").EnumerateArray().Select(e => S(e, "id")));
            token = page.GetProperty("nextPageToken").GetString()!;
        } while (token.Length > 0);
        Assert.Equal(entries.Select(e => S(e, "id")), paged);
        var bad = await auditor.GetAsync("/api/v1/gateway/audit/entries?pageToken=nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("page_token", await bad.Content.ReadAsStringAsync());

        // No raw ID number in what auditors see, nor in the gateway's database files.
        var numbers = request.Members.Select(m => m.NationalId).ToList();
        Assert.DoesNotContain(numbers, text.Contains);
        var folder = Path.Combine(Path.GetDirectoryName(suite.Gateway.LogFile)!, "db");
        foreach (var file in Directory.GetFiles(folder, "gateway.db*"))
        {
            var bytes = Encoding.UTF8.GetString(await ReadSharedAsync(file));
            Assert.DoesNotContain(numbers, bytes.Contains);
        }
    }

    [RabbitMqFact]
    public async Task Refused_calls_and_every_look_up_by_ID_number_are_logged_naming_the_person_by_keyed_hash_only()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var department = new TestCaller("audit-department-" + suffix, [Roles.DepartmentEducation]);
        var looker = new TestCaller("audit-looker-" + suffix, [Roles.Coordinator]);
        using var departmentChannel = suite.GatewayChannel(department);
        using var lookerChannel = suite.GatewayChannel(looker);
        var asDepartment = new HouseholdRegistry.HouseholdRegistryClient(departmentChannel);
        var asLooker = new HouseholdRegistry.HouseholdRegistryClient(lookerChannel);

        // Refused by the matrix: a department may not register households.
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => asDepartment.RegisterHouseholdAsync(People.Family()).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, refused.StatusCode);
        // Masked look-ups: one person found (twice), one number nobody has.
        var family = People.Family();
        await asLooker.RegisterHouseholdAsync(family);
        var known = family.Members[0].NationalId;
        await asLooker.ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = known });
        await asLooker.ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = known });
        var unknown = People.NationalId(new DateOnly(1961, 3, 9), Sex.Female);
        var missing = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => asLooker.ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = unknown }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.NotFound, missing.StatusCode);

        using var auditor = suite.GatewayHttp(new TestCaller("auditor-2", [Roles.Auditor]));
        var denied = await EntriesAsync(auditor, department.ClientId);
        var entry = Assert.Single(denied);
        Assert.Equal(("denied", "coordination.households.v1.HouseholdRegistry/RegisterHousehold", "PermissionDenied"),
            (S(entry, "kind"), S(entry, "method"), S(entry, "outcome")));

        // The gateway writes its row once the answer has gone out: wait for the last one.
        var lookups = new List<JsonElement>();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); lookups.Count < 3 && DateTime.UtcNow < deadline; await Task.Delay(100))
            lookups = (await EntriesAsync(auditor, looker.ClientId)).Where(e => S(e, "kind") == "lookup").ToList();
        Assert.Equal(["NotFound", "OK", "OK"], lookups.Select(e => S(e, "outcome")).Order());
        Assert.All(lookups, e => Assert.StartsWith("national-id-hash:", S(e, "record")));
        var found = lookups.Where(e => S(e, "outcome") == "OK").Select(e => S(e, "record")).ToList();
        var sought = lookups.Single(e => S(e, "outcome") == "NotFound");
        Assert.Equal(found[0], found[1]); // the same person, the same name in the log
        Assert.NotEqual(found[0], S(sought, "record"));
        var text = string.Join("\n", lookups.Select(e => e.ToString()));
        Assert.DoesNotContain(known, text);
        Assert.DoesNotContain(unknown, text);
    }

    private static async Task<List<JsonElement>> EntriesAsync(HttpClient auditor, string clientId)
    {
        var response = await auditor.GetAsync($"/api/v1/gateway/audit/entries?clientId={clientId}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("entries").EnumerateArray().ToList();
    }

    [RabbitMqFact]
    public async Task Only_auditors_may_read_the_audit_log()
    {
        using var coordinator = suite.GatewayHttp(new TestCaller("nosy-coordinator", [Roles.Coordinator]));
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync("/api/v1/gateway/audit/entries")).StatusCode);
        using var anonymous = suite.GatewayHttpWithToken(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/gateway/audit/entries")).StatusCode);
    }

    [RabbitMqFact]
    public async Task Without_the_permission_an_unmasked_read_is_refused_through_the_gateway()
    {
        using var channel = suite.GatewayChannel(new TestCaller("masked-coordinator", [Roles.Coordinator]));
        var registry = new HouseholdRegistry.HouseholdRegistryClient(channel);
        var registered = await registry.RegisterHouseholdAsync(People.Family());
        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => registry.GetHouseholdAsync(new GetHouseholdRequest
        {
            HouseholdId = registered.HouseholdId, Unmasked = new UnmaskedRead { RequestedBy = "某人", Purpose = "好奇" },
        }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, error.StatusCode);
    }

    private static string S(JsonElement e, string name) => e.GetProperty(name).ToString();

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
