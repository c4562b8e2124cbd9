using System.Globalization;
using Coordination.BuildingBlocks.Domain;
using Api = Coordination.Households.V1;

namespace Coordination.Households.Synthetic;

/// <summary>
/// Synthetic registrations for tests, the demo and the benchmark: valid ID numbers (GB 11643, their
/// birth date and sex agreeing with the member's) and village codes, households shaped like the
/// registry's (a head, mostly a spouse, children of school age, sometimes old parents), causes,
/// incomes and the four-look facts. The same seed gives the same households, and one generator never
/// gives two people the same ID number (up to 500 per county, birth date and sex, after which the
/// birth date moves on a day). Its counties are not those of TestSupport's People, so the two mix.
/// </summary>
public sealed class HouseholdGenerator
{
    /// <summary>Counties of 黔东南 (Guizhou), 昭通 (Yunnan) and 定西 (Gansu).</summary>
    public static readonly IReadOnlyList<string> Counties =
    [
        "522601", "522622", "522623", "522624", "522625", "522626", "522627", "522628",
        "532122", "532123", "532124", "532125", "532126", "532127", "532128", "532129",
        "621102", "621121", "621122", "621123", "621124", "621125", "621126",
    ];

    private static readonly string[] Surnames =
        ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "龙", "吴", "潘", "杨", "石", "欧", "韦", "蒙"];

    private static readonly string[] GivenNameCharacters =
        ["大", "小", "国", "建", "明", "华", "芳", "英", "秀", "兰", "海", "山", "文", "德", "春", "梅", "玉", "金", "志", "强",
         "红", "军", "平", "林", "云", "桂", "珍", "福", "贵", "成", "生", "荣", "丽", "勇", "伟", "敏", "静", "杰", "娟", "涛"];

    // 致贫原因 roughly as the 2014 registry found them: illness first, then lack of capital, skills and labour.
    private static readonly (Api.PovertyCause Cause, int Weight)[] Causes =
    [
        (Api.PovertyCause.Illness, 42), (Api.PovertyCause.LackOfCapital, 35), (Api.PovertyCause.LackOfSkills, 22),
        (Api.PovertyCause.LackOfLabour, 17), (Api.PovertyCause.SchoolingCosts, 10), (Api.PovertyCause.Disability, 6),
        (Api.PovertyCause.Disaster, 6), (Api.PovertyCause.LackOfLand, 4), (Api.PovertyCause.LackOfWater, 2),
        (Api.PovertyCause.PoorTransport, 4), (Api.PovertyCause.LowMotivation, 5),
    ];

    private readonly Random _random;
    private readonly DateOnly _asOf;
    private readonly Dictionary<(int County, int Day, bool Male), int> _sequences = [];

    /// <param name="asOf">The day ages are counted to; keep it in the past so that no birth date is in the future.</param>
    public HouseholdGenerator(int seed, DateOnly? asOf = null)
    {
        _random = new Random(seed);
        _asOf = asOf ?? new DateOnly(2025, 1, 1);
    }

    public int Generated { get; private set; }

    /// <summary>The next household: its village is one of <see cref="Counties"/>' (20 townships, 30 villages each).</summary>
    public Api.RegisterHouseholdRequest Next()
    {
        Generated++;
        var county = _random.Next(Counties.Count);
        var region = Counties[county] + (101 + _random.Next(20)).ToString("000", CultureInfo.InvariantCulture)
            + (201 + _random.Next(30)).ToString("000", CultureInfo.InvariantCulture);
        var surname = Pick(Surnames);
        var request = new Api.RegisterHouseholdRequest
        {
            RegionCode = region,
            Address = $"{region[9..]}组{1 + _random.Next(80)}号",
            // Per-capita net income, mostly below the 4,000-yuan line: 1,500 to 5,500 yuan.
            IncomePerCapitaFen = 150_000 + _random.Next(400_000),
            AssignedHelper = Pick(Surnames) + Pick(GivenNameCharacters) + Pick(GivenNameCharacters),
            Housing = (Api.HousingCondition)(1 + Weighted(70, 22, 8)),
            ArableLandTenthMu = _random.Next(60),
        };

        var headMale = _random.Next(100) < 85;
        var headAge = 25 + _random.Next(50);
        request.Members.Add(Person(county, surname, headAge, headMale, Api.Relation.Head));
        if (headAge < 70 ? _random.Next(100) < 80 : _random.Next(100) < 50)
            request.Members.Add(Person(county, Pick(Surnames), Math.Max(20, headAge - 3 + _random.Next(7)), !headMale, Api.Relation.Spouse));
        var children = headAge switch { < 30 => _random.Next(2), < 55 => Weighted(15, 35, 35, 15), _ => _random.Next(3) };
        for (var i = 0; i < children; i++)
        {
            var age = headAge < 55 ? Math.Max(0, headAge - 22 - _random.Next(12)) : 25 + _random.Next(Math.Max(1, headAge - 45));
            request.Members.Add(Person(county, surname, Math.Min(age, headAge - 16), _random.Next(2) == 0, Api.Relation.Child));
        }
        if (headAge >= 55 && _random.Next(100) < 35)
            request.Members.Add(Person(county, surname, _random.Next(1, 14), _random.Next(2) == 0, Api.Relation.Grandchild));
        if (headAge < 50 && _random.Next(100) < 25)
            request.Members.Add(Person(county, surname, headAge + 22 + _random.Next(10), _random.Next(2) == 0, Api.Relation.Parent));

        // One to three causes, drawn by weight without repeating one.
        var remaining = Causes.ToList();
        for (var n = Weighted(55, 35, 10) + 1; n > 0; n--)
        {
            var index = Weighted(remaining.Select(c => c.Weight).ToArray());
            request.PovertyCauses.Add(remaining[index].Cause);
            remaining.RemoveAt(index);
        }
        return request;
    }

    private Api.MemberInput Person(int county, string surname, int age, bool male, Api.Relation relation)
    {
        var birth = _asOf.AddYears(-age).AddDays(-_random.Next(365));
        var name = surname + Pick(GivenNameCharacters) + (_random.Next(100) < 75 ? Pick(GivenNameCharacters) : "");
        var health = (Api.HealthStatus)(1 + (age >= 60 ? Weighted(50, 35, 8, 7) : Weighted(82, 10, 4, 4)));
        var schooling = age switch
        {
            < 3 => Api.SchoolingStage.NotInSchool,
            < 6 => Api.SchoolingStage.Preschool,
            < 12 => Api.SchoolingStage.Primary,
            < 15 => Api.SchoolingStage.JuniorMiddle,
            < 18 => _random.Next(100) < 70 ? Api.SchoolingStage.SeniorHigh : Api.SchoolingStage.SecondaryVocational,
            < 22 => _random.Next(100) < 30 ? Api.SchoolingStage.Higher : Api.SchoolingStage.Completed,
            _ => Api.SchoolingStage.Completed,
        };
        var labour = age is < 16 or >= 70 || health is Api.HealthStatus.SeriousIllness or Api.HealthStatus.Disabled
            ? Api.LabourCapacity.None
            : age >= 60 || health == Api.HealthStatus.ChronicIllness ? Api.LabourCapacity.Partial : Api.LabourCapacity.Full;
        return new Api.MemberInput
        {
            Name = name,
            NationalId = NationalId(county, ref birth, male),
            Sex = male ? Api.Sex.Male : Api.Sex.Female,
            BirthDate = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Relation = relation,
            Health = health,
            LabourCapacity = labour,
            SchoolingStage = schooling,
        };
    }

    /// <summary>A number not given before by this generator; a full (county, day, sex) moves the birth a day back.</summary>
    private string NationalId(int county, ref DateOnly birth, bool male)
    {
        while (true)
        {
            var key = (county, birth.DayNumber, male);
            _sequences.TryGetValue(key, out var used);
            if (used < 500)
            {
                _sequences[key] = used + 1;
                var sequence = used * 2 + (male ? 1 : 0);
                var first17 = Counties[county] + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("000", CultureInfo.InvariantCulture);
                return first17 + BuildingBlocks.Domain.NationalId.CheckCharacter(first17);
            }
            birth = birth.AddDays(-1);
        }
    }

    /// <summary>Spoils a valid registration the way real input goes wrong; says which field it broke.</summary>
    public string Spoil(Api.RegisterHouseholdRequest request)
    {
        switch (_random.Next(4))
        {
            case 0:
                var id = request.Members[0].NationalId;
                request.Members[0].NationalId = id[..17] + (id[17] == '1' ? '2' : '1');
                return "members[0].national_id";
            case 1:
                request.IncomePerCapitaFen = -1 - _random.Next(1000);
                return "income_per_capita_fen";
            case 2:
                request.RegionCode = request.RegionCode[..9] + "000";
                return "region_code";
            default:
                request.Members[0].BirthDate = "1990-02-30";
                return "members[0].birth_date";
        }
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>An index drawn with the given weights.</summary>
    private int Weighted(params int[] weights)
    {
        var draw = _random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if (draw < weights[i]) return i;
            draw -= weights[i];
        }
        return weights.Length - 1;
    }
}
