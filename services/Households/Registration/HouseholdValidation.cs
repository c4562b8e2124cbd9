using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.Households.Domain;
using Api = Coordination.Households.V1;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Households.Registration;

/// <summary>
/// The field rules of a household and its members, shared by registration and update so that both
/// accept and refuse exactly the same input, naming the proto field at the path they are given.
/// </summary>
public static class HouseholdValidation
{
    public static void Address(Validation v, string address, string field) => v.RequireText(address, field, 200);

    public static void AssignedHelper(Validation v, string helper, string field) => v.RequireText(helper, field, 100, required: false);

    /// <summary>A household holds at most this many members: far above any real one, and a bound on every per-household loop.</summary>
    public const int MaxMembers = 50;

    public static void Income(Validation v, long incomePerCapitaFen, string field) =>
        v.RequireFen(incomePerCapitaFen, field, allowZero: true);

    public static void Housing(Validation v, Api.HousingCondition housing, string field, bool required) =>
        v.Require(required ? Defined(housing) : housing == Api.HousingCondition.Unspecified || Defined(housing), field, "is not a housing condition");

    public static void ArableLand(Validation v, int tenthMu, string field) =>
        v.Require(tenthMu is >= 0 and <= 1_000_000, field, "must be from 0 to 1,000,000 tenths of a mu");

    public static void PovertyCauses(Validation v, IReadOnlyList<Api.PovertyCause> causes, string field)
    {
        v.Require(causes.Count > 0, field, "name at least one cause of poverty");
        for (var i = 0; i < causes.Count; i++)
        {
            if (!Defined(causes[i])) v.Add($"{field}[{i}]", "is not a known cause of poverty");
            else if (causes.Take(i).Contains(causes[i])) v.Add($"{field}[{i}]", "is listed twice");
        }
    }

    /// <summary>
    /// Validates one member at <paramref name="field"/> (e.g. "members[1]"); returns it when every
    /// field of it is valid. With <paramref name="kept"/> (the stored sex and birth date) an empty
    /// national_id keeps the stored number, and sex and birth date must agree with that one.
    /// </summary>
    public static ValidatedMember? Member(
        Validation v, Api.MemberInput m, string field, DateOnly today, (Vocabulary.Sex Sex, DateOnly BirthDate)? kept = null)
    {
        var ok = true;
        void Fail(string f, string description)
        {
            v.Add(f, description);
            ok = false;
        }

        var before = v.Violations.Count;
        var name = v.RequireText(m.Name, $"{field}.name", 50);
        if (v.Violations.Count > before) ok = false;
        if (!Defined(m.Relation)) Fail($"{field}.relation", "is required");
        if (!Defined(m.Health)) Fail($"{field}.health", "is required");
        if (!Defined(m.LabourCapacity)) Fail($"{field}.labour_capacity", "is required");
        if (!Defined(m.SchoolingStage)) Fail($"{field}.schooling_stage", "is required");
        var sexGiven = Defined(m.Sex);
        if (!sexGiven) Fail($"{field}.sex", "is required");
        var birthGiven = DateOnly.TryParseExact(m.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate);
        if (!birthGiven) Fail($"{field}.birth_date", "must be a date, yyyy-MM-dd");
        else if (birthDate > today) Fail($"{field}.birth_date", "is in the future");

        NationalId? id = null;
        Vocabulary.Sex idSex;
        DateOnly idBirthDate;
        if (kept is { } stored && string.IsNullOrWhiteSpace(m.NationalId))
        {
            (idSex, idBirthDate) = stored;
        }
        else if (NationalId.TryParse(m.NationalId, today, out var parsed, out var idError))
        {
            id = parsed;
            (idSex, idBirthDate) = (parsed.Sex, parsed.BirthDate);
        }
        else
        {
            Fail($"{field}.national_id", idError);
            return null;
        }
        if (birthGiven && idBirthDate != birthDate) Fail($"{field}.birth_date", "does not agree with the birth date in the national ID");
        if (sexGiven && idSex != (Vocabulary.Sex)m.Sex) Fail($"{field}.sex", "does not agree with the national ID (its 17th digit is odd for men, even for women)");

        return ok
            ? new ValidatedMember(name, id, idSex, idBirthDate, (Vocabulary.Relation)m.Relation, (Vocabulary.HealthStatus)m.Health,
                (Vocabulary.LabourCapacity)m.LabourCapacity, (Vocabulary.SchoolingStage)m.SchoolingStage)
            : null;
    }

    /// <summary>A household id in a request: a UUID, or a violation of the field.</summary>
    public static Guid? Id(Validation v, string value, string field)
    {
        if (Guid.TryParse(value, out var id)) return id;
        v.Add(field, "must be an id (a UUID)");
        return null;
    }

    /// <summary>Proto enums: 0 is "unspecified", which the registry never leaves open.</summary>
    public static bool Defined<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0 && Enum.IsDefined(value);

    /// <summary>The stored forms of a validated member's ID number: encrypted, hashed, masked.</summary>
    /// <param name="lookup">The number's lookup hashes when the caller has them already (a bulk import computes a million).</param>
    public static ProtectedNationalId Protect(this PersonalDataProtector protector, NationalId id, Guid personId, IReadOnlyList<string>? lookup = null)
    {
        lookup ??= protector.LookupHashes(id.Value);
        return new(protector.Encrypt(id.Value, PersonalDataColumns.NationalId, personId), lookup[0], id.Masked, lookup);
    }
}
