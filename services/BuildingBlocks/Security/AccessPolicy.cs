using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.Security;

public sealed class AccessPolicy
{
    private readonly Pattern[] _anonymous;
    private readonly (Pattern Pattern, HashSet<string> Roles)[] _methods;
    private readonly Pattern[] _reads;
    private readonly Pattern[] _auditedReads;
    private readonly Pattern[] _anonymousPaths;

    public AccessPolicy(IOptions<AccessPolicyOptions> options)
    {
        var o = options.Value;
        if (o.Methods.Count == 0)
            throw new InvalidOperationException("The access policy has no methods: is access-policy.json beside the application?");
        _anonymous = o.Anonymous.Select(Pattern.Of).ToArray();
        _methods = o.Methods.Select(m => (Pattern.Of(m.Key), m.Value.ToHashSet(StringComparer.Ordinal)))
            // Most specific first: an exact name, then the longest literal prefix before a wildcard.
            .OrderByDescending(m => m.Item1.Specificity).ToArray();
        _reads = o.Reads.Select(Pattern.Of).ToArray();
        _auditedReads = o.AuditedReads.Select(Pattern.Of).ToArray();
        _anonymousPaths = o.AnonymousPaths.Select(Pattern.Of).ToArray();
    }

    public bool IsAnonymous(string method) => _anonymous.Any(p => p.Matches(Normalize(method)));

    public bool IsRead(string method) => _reads.Any(p => p.Matches(Normalize(method)));

    public bool IsAuditedRead(string method) => _auditedReads.Any(p => p.Matches(Normalize(method)));

    public bool IsAnonymousPath(string path) => _anonymousPaths.Any(p => p.Matches(path));

    /// <summary>The roles the most specific matching rule allows; empty when no rule matches (denied).</summary>
    public IReadOnlySet<string> RolesFor(string method)
    {
        var name = Normalize(method);
        foreach (var (pattern, roles) in _methods)
            if (pattern.Matches(name)) return roles;
        return new HashSet<string>();
    }

    public AccessDecision Decide(string method, ClaimsPrincipal user)
    {
        if (IsAnonymous(method)) return AccessDecision.Allowed;
        if (!user.IsAuthenticated()) return AccessDecision.Unauthenticated;
        var allowed = RolesFor(method);
        return user.Roles().Any(allowed.Contains) ? AccessDecision.Allowed : AccessDecision.Forbidden;
    }

    private static string Normalize(string method) => method.TrimStart('/');

    private sealed record Pattern(string Text, Regex Regex, int Specificity)
    {
        public static Pattern Of(string text)
        {
            var star = text.IndexOf('*');
            var regex = new Regex("^" + Regex.Escape(text).Replace(@"\*", ".*") + "$", RegexOptions.CultureInvariant);
            return new Pattern(text, regex, star < 0 ? int.MaxValue : star * 1000 + text.Length);
        }

        public bool Matches(string value) => Regex.IsMatch(value);
    }
}
