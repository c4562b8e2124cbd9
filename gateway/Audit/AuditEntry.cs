namespace Coordination.Gateway.Audit;

/// <summary>
/// One audited call: a write, a read that returned personal data in clear, a look-up of a person
/// by ID number, or a call refused for its token, roles or scope. It names the caller
/// (client and subject from the access token), the gRPC method (REST calls by the method they
/// reach), the outcome and the trace id that joins it to the services' traces and to the
/// households' per-person read records. Never a request body or path: no ID number can get in; a
/// look-up names what it sought by the registry's keyed hash.
/// </summary>
public sealed class AuditEntry
{
    public const string Write = "write";
    public const string UnmaskedRead = "unmasked-read";
    public const string Lookup = "lookup";
    public const string Denied = "denied";

    public Guid Id { get; set; }

    public DateTime At { get; set; }

    public string Kind { get; set; } = Write;

    public string ClientId { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Method { get; set; } = "";

    /// <summary>"grpc" or "rest".</summary>
    public string Transport { get; set; } = "";

    /// <summary>The gRPC status name (OK, PermissionDenied, ...) or, for REST, the HTTP status code.</summary>
    public string Outcome { get; set; } = "";

    public string TraceId { get; set; } = "";

    /// <summary>The record a look-up sought, as the service named it (a keyed hash); empty otherwise.</summary>
    public string Record { get; set; } = "";
}
