using Coordination.Contracts;

namespace Coordination.Households.Domain;

/// <summary>
/// A member of a household. The name and the national ID number are stored encrypted; the ID is
/// found by its keyed hash, which is unique: one person, one household.
/// </summary>
public sealed class Member
{
    private Member() { }

    public Guid Id { get; private set; }

    public Guid HouseholdId { get; internal set; }

    public string NameEncrypted { get; private set; } = "";

    public string NameMasked { get; private set; } = "";

    public string NationalIdEncrypted { get; private set; } = "";

    public string NationalIdHash { get; private set; } = "";

    public string NationalIdMasked { get; private set; } = "";

    /// <summary>Not stored: the number's hash under every configured key, for uniqueness checks of a member just built.</summary>
    public IReadOnlyList<string> LookupHashes => _lookupHashes;

    private IReadOnlyList<string> _lookupHashes = [];

    public Sex Sex { get; private set; }

    public DateOnly BirthDate { get; private set; }

    public Relation Relation { get; private set; }

    public HealthStatus Health { get; private set; }

    public LabourCapacity LabourCapacity { get; private set; }

    public SchoolingStage SchoolingStage { get; private set; }

    /// <summary>Keyed hash of the normalised name (simplified, half-width): finds possible duplicates without storing the name.</summary>
    public string NameKey { get; private set; } = "";

    /// <summary>Keyed hash of the name's pinyin: the same name written with other characters of the same sound.</summary>
    public string PinyinKey { get; private set; } = "";

    /// <summary>Set when a merge found this record to be another person's (the survivor's): it is kept, linked, for the history.</summary>
    public Guid? MergedIntoPersonId { get; private set; }

    public void LinkTo(Guid personId) => MergedIntoPersonId = personId;

    public void MoveTo(Guid householdId, Relation relation)
    {
        HouseholdId = householdId;
        Relation = relation;
    }

    /// <param name="id">Made before the name and number are encrypted: their cipher texts are bound to it.</param>
    public static Member Create(
        Guid id, PersonalName name, ProtectedNationalId nationalId, Sex sex, DateOnly birthDate, Relation relation,
        HealthStatus health, LabourCapacity labourCapacity, SchoolingStage schoolingStage) => new()
    {
        Id = id,
        NameEncrypted = name.Encrypted,
        NameMasked = name.Masked,
        NameKey = name.NameKey,
        PinyinKey = name.PinyinKey,
        NationalIdEncrypted = nationalId.Encrypted,
        NationalIdHash = nationalId.Hash,
        NationalIdMasked = nationalId.Masked,
        _lookupHashes = nationalId.LookupHashes,
        Sex = sex,
        BirthDate = birthDate,
        Relation = relation,
        Health = health,
        LabourCapacity = labourCapacity,
        SchoolingStage = schoolingStage,
    };

    /// <param name="nationalId">Null keeps the stored number (and with it sex and birth date).</param>
    public void Change(
        PersonalName name, ProtectedNationalId? nationalId, Sex sex, DateOnly birthDate, Relation relation,
        HealthStatus health, LabourCapacity labourCapacity, SchoolingStage schoolingStage)
    {
        NameEncrypted = name.Encrypted;
        NameMasked = name.Masked;
        NameKey = name.NameKey;
        PinyinKey = name.PinyinKey;
        if (nationalId is { } id)
        {
            NationalIdEncrypted = id.Encrypted;
            NationalIdHash = id.Hash;
            NationalIdMasked = id.Masked;
            _lookupHashes = id.LookupHashes;
        }
        Sex = sex;
        BirthDate = birthDate;
        Relation = relation;
        Health = health;
        LabourCapacity = labourCapacity;
        SchoolingStage = schoolingStage;
    }
}
