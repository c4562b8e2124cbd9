using System.Text;
using Coordination.BuildingBlocks.Domain;

namespace Coordination.BuildingBlocks.Grpc;

/// <summary>
/// Keyset paging for every list call: a page ends with the sort key of its last
/// item, the token is that key (opaque to callers: base64 of "after:" and the key's parts), and the
/// next page starts strictly after it. An item added meanwhile neither shifts a page nor shows twice.
/// </summary>
public static class PageToken
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    private const string Prefix = "after:";

    public static int Size(Validation v, int requested)
    {
        v.Require(requested is >= 0 and <= MaxPageSize, "page_size", $"must be from 1 to {MaxPageSize} (0 for {DefaultPageSize})");
        return requested == 0 ? DefaultPageSize : requested;
    }

    public static string Encode(params string[] key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + string.Join('\n', key)));

    /// <returns>The key's parts, or null for the first page (or an invalid token, which is added to the violations).</returns>
    public static string[]? Decode(Validation v, string token, int parts)
    {
        if (token.Length == 0) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal) && text[Prefix.Length..].Split('\n') is { } key && key.Length == parts)
                return key;
        }
        catch (FormatException) { }
        v.Add("page_token", "is not a token this service gave out (next_page_token)");
        return null;
    }
}
