using System.Globalization;
using Coordination.BuildingBlocks.Domain;

namespace Coordination.Industry.Grpc;

/// <summary>Reads request fields into domain values, recording a violation named after the proto field.</summary>
internal static class RequestFields
{
    public static Guid Id(this Validation v, string value, string field, string what)
    {
        if (Guid.TryParse(value, out var id)) return id;
        v.Add(field, $"must be {what} id (a UUID)");
        return Guid.Empty;
    }

    public static DateOnly Date(this Validation v, string value, string field)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        v.Add(field, "must be a date, yyyy-MM-dd");
        return default;
    }

    /// <summary>Proto enums: 0 is "unspecified" and numbers outside the enum are unknown.</summary>
    public static bool Defined<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0 && Enum.IsDefined(value);

    /// <summary>Casts a proto enum to the domain's (same numbers), recording a violation when it is unspecified or unknown.</summary>
    public static TDomain EnumField<TProto, TDomain>(this Validation v, TProto value, string field)
        where TProto : struct, System.Enum where TDomain : struct, System.Enum
    {
        if (v.Require(Defined(value), field, "is required"))
            return (TDomain)System.Enum.ToObject(typeof(TDomain), Convert.ToInt32(value, CultureInfo.InvariantCulture));
        return default;
    }

    public static string Iso(this DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
