namespace Coordination.BuildingBlocks.Security;

/// <summary>
/// The route/role matrix (access-policy.json, section AccessPolicy), one file for the gateway and
/// every service. Methods are gRPC full names ("package.Service/Method"); REST calls are judged by
/// the gRPC method their JSON transcoding reaches, so one entry covers both.
/// </summary>
public sealed class AccessPolicyOptions
{
    public const string Section = "AccessPolicy";

    /// <summary>Method patterns anyone may call without a token (health, self-registration).</summary>
    public List<string> Anonymous { get; set; } = [];

    /// <summary>Method pattern → roles allowed. The most specific matching pattern decides; a method no pattern matches is denied.</summary>
    public Dictionary<string, string[]> Methods { get; set; } = new();

    /// <summary>Method patterns that only read; every other call is a write and is audited.</summary>
    public List<string> Reads { get; set; } = [];

    /// <summary>Reads the audit log keeps all the same: look-ups of a person by ID number, masked or not.</summary>
    public List<string> AuditedReads { get; set; } = [];

    /// <summary>Non-gRPC paths the gateway passes without a token (e.g. the donors' OpenAPI document).</summary>
    public List<string> AnonymousPaths { get; set; } = [];
}
