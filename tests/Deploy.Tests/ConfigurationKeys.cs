using System.Reflection;
using Coordination.BuildingBlocks.Hosting;
using Coordination.BuildingBlocks.Messaging;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.BuildingBlocks.Security;
using Microsoft.Extensions.Configuration;

namespace Coordination.Deploy.Tests;

/// <summary>
/// Whether an environment variable a manifest sets ("Messaging__RabbitMq__Host") is a configuration
/// key the host reads: a key of its settings files, or a property path of the options it binds.
/// A misspelt key would be ignored by the host and the default used: the failure these tests catch.
/// </summary>
public static class ConfigurationKeys
{
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [HostingOptions.Section] = typeof(HostingOptions),
        [PersistenceOptions.Section] = typeof(PersistenceOptions),
        [MessagingOptions.Section] = typeof(MessagingOptions),
        [SecurityOptions.Section] = typeof(SecurityOptions),
        [PersonalDataOptions.Section] = typeof(PersonalDataOptions),
    };

    /// <summary>Read by ASP.NET Core itself rather than by the suite's options.</summary>
    private static readonly HashSet<string> Framework = ["ASPNETCORE_ENVIRONMENT"];

    public static bool IsKnown(Host host, string variable)
    {
        if (Framework.Contains(variable)) return true;
        var key = variable.Replace("__", ":", StringComparison.Ordinal);
        if (host.Settings().AsEnumerable().Any(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase))) return true;
        var parts = key.Split(':');
        return Sections.TryGetValue(parts[0], out var type) && IsPath(type, parts.AsSpan(1));
    }

    private static bool IsPath(Type type, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty) return IsLeaf(type);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            return IsPath(type.GetGenericArguments()[1], path[1..]); // any key of a dictionary
        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is not null && IsPath(property.PropertyType, path[1..]);
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan)
        || (Nullable.GetUnderlyingType(type) is { } inner && IsLeaf(inner));
}
