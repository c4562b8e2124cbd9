using Coordination.Contracts;

namespace Coordination.Households.Domain;

/// <summary>A household in the registry (建档立卡户) with its members.</summary>
public sealed class Household
{
    private Household() { }

    public Guid Id { get; private set; }

    /// <summary>The registry's own number: the village code and a random suffix.</summary>
    public string RegistrationNumber { get; private set; } = "";

    public string RegionCode { get; private set; } = "";

    public string Address { get; private set; } = "";

    public HouseholdStatus Status { get; private set; }

    public List<PovertyCause> PovertyCauses { get; private set; } = [];

    public long IncomePerCapitaFen { get; private set; }

    public string AssignedHelper { get; private set; } = "";

    public DateTime RegisteredAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency: an update names the version it read.</summary>
    public long Version { get; private set; }

    public List<Member> Members { get; private set; } = [];

    public Member Head => Members.Single(m => m.Relation == Relation.Head);

    /// <summary>Files a household whose facts the caller has validated (see Registration).</summary>
    public static Household Register(
        string registrationNumber, string regionCode, string address, IEnumerable<PovertyCause> causes,
        long incomePerCapitaFen, string assignedHelper, IEnumerable<Member> members, DateTime now)
    {
        var household = new Household
        {
            Id = Guid.CreateVersion7(now),
            RegistrationNumber = registrationNumber,
            RegionCode = regionCode,
            Address = address,
            Status = HouseholdStatus.Registered,
            PovertyCauses = causes.ToList(),
            IncomePerCapitaFen = incomePerCapitaFen,
            AssignedHelper = assignedHelper,
            RegisteredAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        household.Members.AddRange(members);
        return household;
    }

    /// <summary>Replaces the facts an update names; null leaves a fact as it is.</summary>
    public void ChangeFacts(string? address, long? incomePerCapitaFen, string? assignedHelper, IEnumerable<PovertyCause>? causes)
    {
        if (address is not null) Address = address;
        if (incomePerCapitaFen is { } income) IncomePerCapitaFen = income;
        if (assignedHelper is not null) AssignedHelper = assignedHelper;
        if (causes is not null) PovertyCauses = causes.ToList();
    }

    /// <summary>Every change makes a new version; the database refuses a write based on an older one.</summary>
    public void NewVersion(DateTime now)
    {
        Version++;
        UpdatedAt = now;
    }
}

/// <summary>
/// A member of a household. The name and the national ID number are stored encrypted; the ID is
/// found by its keyed hash, which is unique: one person, one household.
/// </summary>
public sealed class Member
{
    private Member() { }

    public Guid Id { get; private set; }

    public Guid HouseholdId { get; private set; }

    public string NameEncrypted { get; private set; } = "";

    public string NameMasked { get; private set; } = "";

    public string NationalIdEncrypted { get; private set; } = "";

    public string NationalIdHash { get; private set; } = "";

    public string NationalIdMasked { get; private set; } = "";

    public Sex Sex { get; private set; }

    public DateOnly BirthDate { get; private set; }

    public Relation Relation { get; private set; }

    public HealthStatus Health { get; private set; }

    public LabourCapacity LabourCapacity { get; private set; }

    public SchoolingStage SchoolingStage { get; private set; }

    public static Member Create(
        PersonalName name, ProtectedNationalId nationalId, Sex sex, DateOnly birthDate, Relation relation,
        HealthStatus health, LabourCapacity labourCapacity, SchoolingStage schoolingStage, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        NameEncrypted = name.Encrypted,
        NameMasked = name.Masked,
        NationalIdEncrypted = nationalId.Encrypted,
        NationalIdHash = nationalId.Hash,
        NationalIdMasked = nationalId.Masked,
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
        if (nationalId is { } id)
        {
            NationalIdEncrypted = id.Encrypted;
            NationalIdHash = id.Hash;
            NationalIdMasked = id.Masked;
        }
        Sex = sex;
        BirthDate = birthDate;
        Relation = relation;
        Health = health;
        LabourCapacity = labourCapacity;
        SchoolingStage = schoolingStage;
    }
}

/// <summary>A name as stored: encrypted, and the masked form responses show.</summary>
public readonly record struct PersonalName(string Encrypted, string Masked);

/// <summary>A national ID as stored: encrypted, its lookup hash, and the masked form.</summary>
public readonly record struct ProtectedNationalId(string Encrypted, string Hash, string Masked);
