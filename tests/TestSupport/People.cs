using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Coordination.Households.V1;

namespace Coordination.TestSupport;

/// <summary>Makes valid registrations: national IDs with correct check characters, unique per call.</summary>
public static class People
{
    private static int _sequence = Random.Shared.Next(0, 400);

    private static readonly string[] Counties =
    [
        "520402", "520403", "520422", "520423", "520424", "520425", "522301", "522322", "522323", "522324",
        "530102", "530103", "530111", "530112", "530113", "620102", "620103", "620104", "620105", "620111",
    ];

    /// <summary>A valid GB 11643 number for the birth date and sex; the sequence makes each one new.</summary>
    public static string NationalId(DateOnly birthDate, Sex sex, string? region = null)
    {
        // Three digits of sequence, the last odd for men: 500 people per county, date and sex; a run
        // that needs more moves on to the next county, so numbers repeat only after 10,000.
        var n = Interlocked.Increment(ref _sequence);
        region ??= Counties[n / 500 % Counties.Length];
        var sequence = (n % 500 * 2 + (sex == Sex.Male ? 1 : 0)).ToString("000", CultureInfo.InvariantCulture);
        var first17 = region + birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence;
        return first17 + BuildingBlocks.Domain.NationalId.CheckCharacter(first17);
    }

    public static MemberInput Member(string name, DateOnly birthDate, Sex sex, Relation relation,
        SchoolingStage schooling = SchoolingStage.NotInSchool, HealthStatus health = HealthStatus.Healthy) => new()
    {
        Name = name,
        NationalId = NationalId(birthDate, sex),
        Sex = sex,
        BirthDate = birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Relation = relation,
        Health = health,
        LabourCapacity = relation == Relation.Child ? LabourCapacity.None : LabourCapacity.Full,
        SchoolingStage = schooling,
    };

    /// <summary>A household of a head, a spouse and a 10-year-old at primary school.</summary>
    public static RegisterHouseholdRequest Family(string regionCode = "520402101201")
    {
        var request = new RegisterHouseholdRequest
        {
            RegionCode = regionCode,
            Address = "贵州省六盘水市某村3组12号",
            IncomePerCapitaFen = 320_000,
            AssignedHelper = "李书记",
        };
        request.PovertyCauses.Add(PovertyCause.Illness);
        request.Members.Add(Member("王大山", new DateOnly(1980, 3, 14), Sex.Male, Relation.Head));
        request.Members.Add(Member("张小花", new DateOnly(1982, 7, 2), Sex.Female, Relation.Spouse, health: HealthStatus.ChronicIllness));
        request.Members.Add(Member("王小明", DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-10), Sex.Male, Relation.Child, SchoolingStage.Primary));
        return request;
    }
}
